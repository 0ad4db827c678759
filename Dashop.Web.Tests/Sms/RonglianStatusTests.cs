using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Tests.Sms;

public sealed class RonglianStatusTests
{
    [TestCase("000000", false, SendOutcome.Sent, DeliveryFailure.None)]
    [TestCase("160054", true, SendOutcome.Sent, DeliveryFailure.None)]
    [TestCase("160054", false, SendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("160001", false, SendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("160010", false, SendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("161000", false, SendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("161024", false, SendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("161106", false, SendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("160042", false, SendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("160013", false, SendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("112300", false, SendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("112306", false, SendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("112317", false, SendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("160038", false, SendOutcome.Failed, DeliveryFailure.ProviderLimit)]
    [TestCase("160040", false, SendOutcome.Failed, DeliveryFailure.ProviderLimit)]
    [TestCase("112314", false, SendOutcome.Failed, DeliveryFailure.ProviderLimit)]
    [TestCase("112310", false, SendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("160032", false, SendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("161100", false, SendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("161108", false, SendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("999999", false, SendOutcome.Failed, DeliveryFailure.Configuration)]
    public void Classifies_each_answer_as_the_spec_says(string statusCode, bool isRetry, SendOutcome outcome, DeliveryFailure failure)
    {
        var result = RonglianStatus.Classify(statusCode, "msg", "sid", isRetry);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(outcome));
            Assert.That(result.Failure, Is.EqualTo(failure));
        });
    }
}

using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Tests.Sms;

public sealed class RonglianStatusTests
{
    [TestCase("000000", false, SmsSendOutcome.Sent, DeliveryFailure.None)]
    [TestCase("160054", true, SmsSendOutcome.Sent, DeliveryFailure.None)]
    [TestCase("160054", false, SmsSendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("160001", false, SmsSendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("160010", false, SmsSendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("161000", false, SmsSendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("161024", false, SmsSendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("161106", false, SmsSendOutcome.Transient, DeliveryFailure.None)]
    [TestCase("160042", false, SmsSendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("160013", false, SmsSendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("112300", false, SmsSendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("112306", false, SmsSendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("112317", false, SmsSendOutcome.Failed, DeliveryFailure.Recipient)]
    [TestCase("160038", false, SmsSendOutcome.Failed, DeliveryFailure.ProviderLimit)]
    [TestCase("160040", false, SmsSendOutcome.Failed, DeliveryFailure.ProviderLimit)]
    [TestCase("112314", false, SmsSendOutcome.Failed, DeliveryFailure.ProviderLimit)]
    [TestCase("112310", false, SmsSendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("160032", false, SmsSendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("161100", false, SmsSendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("161108", false, SmsSendOutcome.Failed, DeliveryFailure.Configuration)]
    [TestCase("999999", false, SmsSendOutcome.Failed, DeliveryFailure.Configuration)]
    public void Classifies_each_answer_as_the_spec_says(string statusCode, bool isRetry, SmsSendOutcome outcome, DeliveryFailure failure)
    {
        var result = RonglianStatus.Classify(statusCode, "msg", "sid", isRetry);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(outcome));
            Assert.That(result.Failure, Is.EqualTo(failure));
        });
    }
}

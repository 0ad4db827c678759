using Dashop.Web.Features.Admin;

namespace Dashop.Web.Tests.Admin;

public sealed class DeliveryReportQueryTests
{
    [TestCase("550 5.1.1 <someone@example.com>: Recipient address rejected", "550 5.1.1 <s***@example.com>: Recipient address rejected")]
    [TestCase("mailbox full for Li.Lei+shop@mail.example.cn, try later", "mailbox full for L***@mail.example.cn, try later")]
    [TestCase("160042 号码格式有误", "160042 号码格式有误")]
    [TestCase(null, null)]
    public void Addresses_in_provider_errors_are_masked(string? error, string? shown) =>
        Assert.That(DeliveryReportQuery.MaskAddresses(error), Is.EqualTo(shown));
}

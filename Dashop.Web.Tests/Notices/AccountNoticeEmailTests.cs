using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Notices;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Tests.Notices;

/// <summary>Each account notice in both languages: a subject of its own, the username and the change in the text and HTML parts.</summary>
public sealed class AccountNoticeEmailTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 2, 5, 0, TimeSpan.Zero);

    /// <summary>The app's own resources, as EmailDelivery hands them to the consumers.</summary>
    private static readonly IStringLocalizer Resources =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    [TestCase(AccountNoticeKind.PasswordChanged, null, "zh-CN", "您的 Dashop 密码已更改")]
    [TestCase(AccountNoticeKind.PasswordChanged, null, "en", "Your Dashop password was changed")]
    [TestCase(AccountNoticeKind.PhoneChanged, "177****2345", "zh-CN", "您的 Dashop 账号手机号已更改")]
    [TestCase(AccountNoticeKind.PhoneChanged, "177****2345", "en", "The phone number of your Dashop account was changed")]
    [TestCase(AccountNoticeKind.EmailChanged, "n***@example.com", "zh-CN", "您的 Dashop 账号邮箱已更改")]
    [TestCase(AccountNoticeKind.EmailChanged, "n***@example.com", "en", "The e-mail address of your Dashop account was changed")]
    [TestCase(AccountNoticeKind.AccountDeleted, null, "zh-CN", "您的 Dashop 账号已删除")]
    [TestCase(AccountNoticeKind.AccountDeleted, null, "en", "Your Dashop account was deleted")]
    [TestCase(AccountNoticeKind.ProviderLinked, "Weibo", "zh-CN", "您的 Dashop 账号已绑定微博")]
    [TestCase(AccountNoticeKind.ProviderLinked, "Weibo", "en", "Weibo was linked to your Dashop account")]
    [TestCase(AccountNoticeKind.ProviderUnlinked, "Weibo", "zh-CN", "您的 Dashop 账号已解绑微博")]
    [TestCase(AccountNoticeKind.ProviderUnlinked, "Weibo", "en", "Weibo was unlinked from your Dashop account")]
    public void A_notice_names_the_account_the_change_and_the_China_time(string kind, string? detail, string culture, string subject)
    {
        var message = AccountNoticeEmail.Create("Dashop", "no-reply@dashop.local", "a@example.com", "alice<b>", kind, detail, At, new EmailText(Resources, culture));
        Assert.Multiple(() =>
        {
            Assert.That(message.Subject, Is.EqualTo(subject));
            Assert.That(message.To.ToString(), Does.Contain("a@example.com"));
            Assert.That(message.TextBody, Does.Contain("alice<b>").And.Contain("2026-11-30 10:05"));
            Assert.That(message.HtmlBody, Does.Contain("alice&lt;b&gt;").And.Not.Contain("alice<b>"), "HTML-encoded");
            if (detail is not null)
                Assert.That(message.TextBody, Does.Contain(culture == "en" || detail != "Weibo" ? detail : "微博"));
        });
    }

    [Test]
    public void An_unknown_kind_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AccountNoticeEmail.Create("Dashop", "no-reply@dashop.local", "a@example.com", "alice", "other", null, At, new EmailText(Resources, "en")));
}

using System.Globalization;
using Dashop.Web.Features.Activation;
using Dashop.Web.Infrastructure;
using MimeKit;

namespace Dashop.Web.Features.Notices;

/// <summary>
/// "Your password / phone / e-mail address changed", "Weibo was linked / unlinked", "your account was deleted": in Chinese
/// or English, HTML and plain text.
/// </summary>
public static class AccountNoticeEmail
{
    public static MimeMessage Create(string fromName, string fromAddress, string to, string userName, string kind, string? detail,
        DateTimeOffset at, string culture)
    {
        var en = AccountEmail.IsEnglish(culture);
        var when = at.ToChinaTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var (subject, line) = kind switch
        {
            AccountNoticeKind.PasswordChanged => en
                ? ("Your Dashop password was changed",
                    $"The password of your Dashop account {userName} was changed at {when} (China time). Every other session has been signed out.")
                : ("您的 Dashop 密码已更改", $"您的 Dashop 账号 {userName} 的密码已于 {when}（北京时间）更改，其他已登录的会话均已退出。"),
            AccountNoticeKind.PhoneChanged => en
                ? ("The phone number of your Dashop account was changed",
                    $"The phone number of your Dashop account {userName} was changed to {detail} at {when} (China time).")
                : ("您的 Dashop 账号手机号已更改", $"您的 Dashop 账号 {userName} 的手机号已于 {when}（北京时间）更改为 {detail}。"),
            AccountNoticeKind.EmailChanged => en
                ? ("The e-mail address of your Dashop account was changed",
                    $"The e-mail address of your Dashop account {userName} was changed to {detail} at {when} (China time). This address will get no more e-mails about the account.")
                : ("您的 Dashop 账号邮箱已更改", $"您的 Dashop 账号 {userName} 的邮箱已于 {when}（北京时间）更改为 {detail}，此地址将不再收到该账号的邮件。"),
            AccountNoticeKind.AccountDeleted => en
                ? ("Your Dashop account was deleted",
                    $"Your Dashop account {userName} was deleted at {when} (China time), with its Weibo link and sign-in history. This is the last e-mail we send you about it.")
                : ("您的 Dashop 账号已删除", $"您的 Dashop 账号 {userName} 已于 {when}（北京时间）删除，微博绑定和登录记录也已一并删除。这是我们就此账号发给您的最后一封邮件。"),
            AccountNoticeKind.ProviderLinked => en
                ? ($"{ProviderName(detail, en)} was linked to your Dashop account",
                    $"The {ProviderName(detail, en)} account was linked to your Dashop account {userName} at {when} (China time): it can now sign in to your account.")
                : ($"您的 Dashop 账号已绑定{ProviderName(detail, en)}",
                    $"您的 Dashop 账号 {userName} 已于 {when}（北京时间）绑定{ProviderName(detail, en)}账号，该账号今后可以登录您的账号。"),
            AccountNoticeKind.ProviderUnlinked => en
                ? ($"{ProviderName(detail, en)} was unlinked from your Dashop account",
                    $"The {ProviderName(detail, en)} account was unlinked from your Dashop account {userName} at {when} (China time): it can no longer sign in to your account.")
                : ($"您的 Dashop 账号已解绑{ProviderName(detail, en)}",
                    $"您的 Dashop 账号 {userName} 已于 {when}（北京时间）解绑{ProviderName(detail, en)}账号，该账号今后不能再登录您的账号。"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an account notice"),
        };
        return AccountEmail.Create(fromName, fromAddress, to, userName, subject,
            en ? $"Hello {userName}," : $"{userName}，您好：",
            [line],
            null,
            kind == AccountNoticeKind.AccountDeleted
                ? en ? "If this was not you, contact us at once." : "如果这不是您本人的操作，请立即与我们联系。"
                : en ? "If this was not you, reset your password at once with your phone, and contact us."
                     : "如果这不是您本人的操作，请立即用手机重置密码，并与我们联系。");
    }

    /// <summary>A provider's name in the e-mail's language (the notice's detail is its scheme).</summary>
    private static string ProviderName(string? scheme, bool en) => scheme switch
    {
        "Weibo" => en ? "Weibo" : "微博",
        null or "" => en ? "A sign-in provider" : "第三方登录",
        _ => scheme,
    };
}

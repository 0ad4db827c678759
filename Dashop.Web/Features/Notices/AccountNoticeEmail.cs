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
        DateTimeOffset at, EmailText t)
    {
        var when = at.ToChinaTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var provider = string.IsNullOrEmpty(detail) ? t["A sign-in provider"] : t[detail];
        var (subject, line) = kind switch
        {
            AccountNoticeKind.PasswordChanged => (t["Your Dashop password was changed"],
                t["The password of your Dashop account {0} was changed at {1} (China time). Every other session has been signed out.", userName, when]),
            AccountNoticeKind.PhoneChanged => (t["The phone number of your Dashop account was changed"],
                t["The phone number of your Dashop account {0} was changed to {2} at {1} (China time).", userName, when, detail ?? ""]),
            AccountNoticeKind.EmailChanged => (t["The e-mail address of your Dashop account was changed"],
                t["The e-mail address of your Dashop account {0} was changed to {2} at {1} (China time). This address will get no more e-mails about the account.", userName, when, detail ?? ""]),
            AccountNoticeKind.AccountDeleted => (t["Your Dashop account was deleted"],
                t["Your Dashop account {0} was deleted at {1} (China time), with its Weibo link and sign-in history. This is the last e-mail we send you about it.", userName, when]),
            AccountNoticeKind.ProviderLinked => (t["{0} was linked to your Dashop account", provider],
                t["The {2} account was linked to your Dashop account {0} at {1} (China time): it can now sign in to your account.", userName, when, provider]),
            AccountNoticeKind.ProviderUnlinked => (t["{0} was unlinked from your Dashop account", provider],
                t["The {2} account was unlinked from your Dashop account {0} at {1} (China time): it can no longer sign in to your account.", userName, when, provider]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an account notice"),
        };
        return AccountEmail.Create(fromName, fromAddress, to, userName, subject, t["Hello {0},", userName], [line], null,
            kind == AccountNoticeKind.AccountDeleted
                ? t["If this was not you, contact us at once."]
                : t["If this was not you, reset your password at once with your phone, and contact us."]);
    }
}

using System.Globalization;
using Dashop.Web.Infrastructure;
using MimeKit;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>"Your password was changed", in Chinese or English, with HTML and plain-text parts.</summary>
public static class PasswordChangedEmail
{
    public static MimeMessage Create(string fromName, string fromAddress, string to, string userName, DateTimeOffset changedAt, string culture)
    {
        var en = AccountEmail.IsEnglish(culture);
        var when = changedAt.ToChinaTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return AccountEmail.Create(fromName, fromAddress, to, userName,
            en ? "Your Dashop password was changed" : "您的 Dashop 密码已更改",
            en ? $"Hello {userName}," : $"{userName}，您好：",
            [en
                ? $"The password of your Dashop account {userName} was changed at {when} (China time). Every other session has been signed out."
                : $"您的 Dashop 账号 {userName} 的密码已于 {when}（北京时间）更改，其他已登录的会话均已退出。"],
            null,
            en ? "If this was not you, reset your password at once with your phone, and contact us."
               : "如果这不是您本人的操作，请立即用手机重置密码，并与我们联系。");
    }
}

using Dashop.Web.Features.Activation;
using MimeKit;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>The reset link e-mail, in Chinese or English, with HTML and plain-text parts.</summary>
public static class PasswordResetEmail
{
    public static MimeMessage Create(string fromName, string fromAddress, string to, string userName, string link, int validMinutes, string culture)
    {
        var en = AccountEmail.IsEnglish(culture);
        return AccountEmail.Create(fromName, fromAddress, to, userName,
            en ? "Reset your Dashop password" : "重置您的 Dashop 密码",
            en ? $"Hello {userName}," : $"{userName}，您好：",
            [en
                ? $"Someone asked to reset the password of your Dashop account {userName}. Open this link to choose a new one (valid for {validMinutes} minutes, once):"
                : $"有人请求重置您的 Dashop 账号 {userName} 的密码。请打开下面的链接设置新密码（{validMinutes} 分钟内有效，仅可使用一次）："],
            (en ? "Choose a new password" : "设置新密码", link, "reset-link"),
            en ? "If you did not ask for this, ignore this e-mail: your password stays as it is."
               : "如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。");
    }
}

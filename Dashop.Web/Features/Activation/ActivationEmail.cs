using MimeKit;

namespace Dashop.Web.Features.Activation;

/// <summary>The activation e-mail, in Chinese or English, with HTML and plain-text parts.</summary>
public static class ActivationEmail
{
    public static MimeMessage Create(string fromName, string fromAddress, string to, string userName, string link, int validDays, string culture)
    {
        var en = AccountEmail.IsEnglish(culture);
        return AccountEmail.Create(fromName, fromAddress, to, userName,
            en ? "Confirm your Dashop e-mail address" : "请激活您的 Dashop 账号邮箱",
            en ? $"Hello {userName}," : $"{userName}，您好：",
            [en
                ? $"Please confirm your e-mail address by opening this link (valid for {validDays} days):"
                : $"请点击下面的链接确认您的邮箱地址（{validDays} 天内有效）："],
            (en ? "Confirm e-mail address" : "激活邮箱", link, "activation-link"),
            en ? "If you did not create a Dashop account, you can ignore this e-mail."
               : "如果您没有注册 Dashop 账号，请忽略此邮件。");
    }

    /// <summary>For logs and the admin page: <c>a***@example.com</c>.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : $"{address[0]}***{address[at..]}";
    }
}

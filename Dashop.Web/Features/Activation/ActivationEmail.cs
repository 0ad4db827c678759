using System.Text.Encodings.Web;
using MimeKit;

namespace Dashop.Web.Features.Activation;

/// <summary>The activation e-mail, in Chinese or English, with HTML and plain-text parts.</summary>
public static class ActivationEmail
{
    public static MimeMessage Create(string fromName, string fromAddress, string to, string userName, string link, int validDays, string culture)
    {
        var english = culture.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var subject = english ? "Confirm your Dashop e-mail address" : "请激活您的 Dashop 账号邮箱";
        var greeting = english ? $"Hello {userName}," : $"{userName}，您好：";
        var line = english
            ? $"Please confirm your e-mail address by opening this link (valid for {validDays} days):"
            : $"请点击下面的链接确认您的邮箱地址（{validDays} 天内有效）：";
        var button = english ? "Confirm e-mail address" : "激活邮箱";
        var footer = english
            ? "If you did not create a Dashop account, you can ignore this e-mail."
            : "如果您没有注册 Dashop 账号，请忽略此邮件。";

        var html = HtmlEncoder.Default;
        var body = new BodyBuilder
        {
            TextBody = $"{greeting}\n\n{line}\n{link}\n\n{footer}\n",
            HtmlBody = $"""
                <p>{html.Encode(greeting)}</p>
                <p>{html.Encode(line)}</p>
                <p><a href="{html.Encode(link)}" id="activation-link">{html.Encode(button)}</a></p>
                <p style="color:#666;font-size:small">{html.Encode(link)}</p>
                <p style="color:#666;font-size:small">{html.Encode(footer)}</p>
                """,
        };

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(fromName, fromAddress));
        message.To.Add(new MailboxAddress(userName, to));
        message.Subject = subject;
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>For logs and the admin page: <c>a***@example.com</c>.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : $"{address[0]}***{address[at..]}";
    }
}

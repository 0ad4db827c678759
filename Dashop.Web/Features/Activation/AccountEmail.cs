using System.Text.Encodings.Web;
using MimeKit;

namespace Dashop.Web.Features.Activation;

/// <summary>The shape every account e-mail shares: a greeting, lines, an optional button, a footer; HTML and plain text.</summary>
internal static class AccountEmail
{
    public static MimeMessage Create(string fromName, string fromAddress, string to, string userName, string subject,
        string greeting, IReadOnlyList<string> lines, (string Label, string Url, string Id)? button, string footer)
    {
        var html = HtmlEncoder.Default;
        var text = $"{greeting}\n\n{string.Join("\n", lines)}\n{(button is { } b ? b.Url + "\n" : "")}\n{footer}\n";
        var htmlBody = $"<p>{html.Encode(greeting)}</p>\n"
            + string.Concat(lines.Select(l => $"<p>{html.Encode(l)}</p>\n"))
            + (button is { } k
                ? $"<p><a href=\"{html.Encode(k.Url)}\" id=\"{k.Id}\">{html.Encode(k.Label)}</a></p>\n<p style=\"color:#666;font-size:small\">{html.Encode(k.Url)}</p>\n"
                : "")
            + $"<p style=\"color:#666;font-size:small\">{html.Encode(footer)}</p>\n";

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(fromName, fromAddress));
        message.To.Add(new MailboxAddress(userName, to));
        message.Subject = subject;
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = htmlBody }.ToMessageBody();
        return message;
    }
}

using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Dashop.Web.Features.Shared;

/// <summary>
/// Long values without spaces (e-mail addresses, links, version strings) wrap at their natural points on a narrow screen:
/// a <c>&lt;wbr&gt;</c> after '@', '.', '/', '-', '_', '?', '&amp;', '=' and ':' instead of anywhere inside a word.
/// </summary>
public static class Breaks
{
    private const string After = "@./-_?&=:+";

    /// <summary>
    /// A value that is not words of the page's language (a username, an address, a host): <c>translate="no"</c> says so
    /// to translators and to the language check. Kept whole in the markup (it wraps only if wider than the screen).
    /// </summary>
    public static IHtmlContent Verbatim(string? value) =>
        string.IsNullOrEmpty(value) ? HtmlString.Empty : new HtmlString($"<span translate=\"no\">{HtmlEncoder.Default.Encode(value)}</span>");

    /// <summary>
    /// A token with no natural break point (a link's signed token, a commit hash): may break anywhere (<c>.text-token</c>),
    /// as no reader reads it as a word.
    /// </summary>
    public static IHtmlContent Token(string? value) =>
        string.IsNullOrEmpty(value) ? HtmlString.Empty : new HtmlString($"<span class=\"text-token\" translate=\"no\">{Encoded(value)}</span>");

    /// <summary>A translated sentence with a <see cref="Verbatim"/> value in its <c>{0}</c>.</summary>
    public static IHtmlContent Fill(Microsoft.Extensions.Localization.LocalizedString template, string? value) =>
        new HtmlString(HtmlEncoder.Default.Encode(template.Value)
            .Replace("{0}", string.IsNullOrEmpty(value) ? "" : $"<span translate=\"no\">{HtmlEncoder.Default.Encode(value)}</span>", StringComparison.Ordinal));

    public static IHtmlContent At(string? value) => new HtmlString(Encoded(value));

    private static string Encoded(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var html = new StringBuilder(value.Length + 16);
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (After.IndexOf(value[i], StringComparison.Ordinal) < 0 || i == value.Length - 1)
                continue;
            html.Append(HtmlEncoder.Default.Encode(value[start..(i + 1)])).Append("<wbr>");
            start = i + 1;
        }
        html.Append(HtmlEncoder.Default.Encode(value[start..]));
        return html.ToString();
    }
}

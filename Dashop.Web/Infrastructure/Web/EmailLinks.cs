using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// The links an e-mail carries back to the site (activation, password reset, change of e-mail): routed to an action by
/// <see cref="LinkGenerator"/>, absolute on <c>App:PublicBaseUrl</c>, with the account's id as <c>uid</c> and an
/// Identity token as <c>token</c> in a URL-safe form. <see cref="TryReadToken"/> is the way back.
/// </summary>
public sealed class EmailLinks(LinkGenerator links, IOptions<AppOptions> app)
{
    /// <summary>Longest id and encoded token a link may carry; anything longer is no link of ours.</summary>
    public const int MaxUserIdLength = 64;
    public const int MaxTokenLength = 2048;

    public string To(string action, string controller, string userId, string token, object? values = null)
    {
        var route = new RouteValueDictionary(values) { ["uid"] = userId, ["token"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)) };
        var site = new Uri(app.Value.PublicBaseUrl);
        var path = links.GetPathByAction(action, controller, route, new PathString(site.AbsolutePath.TrimEnd('/')))
            ?? throw new InvalidOperationException($"No route reaches {controller}.{action}.");
        return site.GetLeftPart(UriPartial.Authority) + path;
    }

    /// <summary>The Identity token of a link's <c>uid</c> and <c>token</c>; false for a missing, oversized or garbled one.</summary>
    public static bool TryReadToken(string? userId, string? encodedToken, out string token)
    {
        token = "";
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(encodedToken) || userId.Length > MaxUserIdLength || encodedToken.Length > MaxTokenLength)
            return false;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encodedToken));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

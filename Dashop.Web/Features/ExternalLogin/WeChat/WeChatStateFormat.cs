using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace Dashop.Web.Features.ExternalLogin.WeChat;

/// <summary>
/// WeChat takes a <c>state</c> of at most 128 bytes of [a-zA-Z0-9] (its Official Account authorization refuses anything
/// else), far shorter than the OAuth handler's protected properties. So the state is a random key, and the protected
/// properties wait in a cookie of this browser under that key, read once: a forged key finds nothing, a replayed one
/// finds its cookie gone, and a state sent to another browser has no cookie there.
/// </summary>
public sealed partial class WeChatStateFormat(IHttpContextAccessor http, IDataProtectionProvider dataProtection) : ISecureDataFormat<AuthenticationProperties>
{
    public const string CookiePrefix = ".Dashop.WeChat.State.";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly PropertiesDataFormat _properties = new(dataProtection.CreateProtector("Dashop.WeChat.State.v1"));

    public string Protect(AuthenticationProperties data) => Protect(data, purpose: null);

    public string Protect(AuthenticationProperties data, string? purpose)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("A WeChat state is made during a request.");
        var key = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);
        context.Response.Cookies.Append(CookiePrefix + key, _properties.Protect(data, purpose), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = Lifetime,
            Path = "/",
        });
        return key;
    }

    public AuthenticationProperties? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationProperties? Unprotect(string? protectedText, string? purpose)
    {
        if (http.HttpContext is not { } context || protectedText is null || !KeyPattern().IsMatch(protectedText)
            || !context.Request.Cookies.TryGetValue(CookiePrefix + protectedText, out var value))
            return null;
        context.Response.Cookies.Delete(CookiePrefix + protectedText, new CookieOptions { Path = "/", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax });
        return _properties.Unprotect(value, purpose);
    }

    [GeneratedRegex("^[a-zA-Z0-9]{32}$")]
    private static partial Regex KeyPattern();
}

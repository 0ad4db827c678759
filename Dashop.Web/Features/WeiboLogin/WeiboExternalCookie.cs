using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// Between the callback and the bind, the Weibo account waits in Identity's external cookie: written by the OAuth
/// handler from the token response and encrypted with Data Protection, so the uid never comes from the browser.
/// </summary>
public static class WeiboExternalCookie
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The pending account, and the login (with the access token) when the cookie comes straight from the OAuth handler.</summary>
    public static async Task<(WeiboPending? Pending, WeiboSignIn? Login)> ReadAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        var principal = result.Principal;
        if (!result.Succeeded || principal?.FindFirst(ClaimTypes.NameIdentifier) is not { Issuer: WeiboDefaults.Scheme } uid
            || !WeiboClient.UidPattern().IsMatch(uid.Value))
            return (null, null);

        var pending = new WeiboPending(uid.Value, principal.FindFirst(ClaimTypes.Name)?.Value, principal.FindFirst(WeiboDefaults.AvatarClaim)?.Value);
        var token = result.Properties?.GetTokenValue("access_token");
        var expiresAt = DateTimeOffset.TryParse(result.Properties?.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var e) ? e : default;
        return (pending, token is null ? null : new WeiboSignIn(pending.Uid, token, expiresAt, pending.ScreenName, pending.AvatarUrl));
    }

    /// <summary>Whether the login was started to link Weibo to the signed-in account (an item of the handler's protected properties).</summary>
    public static async Task<bool> IsLinkAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        return result.Succeeded && result.Properties?.Items.TryGetValue(WeiboDefaults.IntentItem, out var intent) == true
            && intent == WeiboDefaults.LinkIntent;
    }

    /// <summary>Keeps only who the person is on Weibo for the bind page: the access token is in the database by now.</summary>
    public static Task KeepPendingAsync(HttpContext http, WeiboPending pending)
    {
        var identity = new ClaimsIdentity(WeiboDefaults.Scheme);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, pending.Uid, ClaimValueTypes.String, WeiboDefaults.Scheme));
        if (pending.ScreenName is { } name)
            identity.AddClaim(new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, WeiboDefaults.Scheme));
        if (pending.AvatarUrl is { } avatar)
            identity.AddClaim(new Claim(WeiboDefaults.AvatarClaim, avatar, ClaimValueTypes.String, WeiboDefaults.Scheme));
        return http.SignInAsync(IdentityConstants.ExternalScheme, new ClaimsPrincipal(identity));
    }

    public static Task ForgetAsync(HttpContext http) => http.SignOutAsync(IdentityConstants.ExternalScheme);
}

using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>
/// Between the callback and the bind, the provider account waits in Identity's external cookie: written by the provider's
/// OAuth handler from the token response and encrypted with Data Protection, so the subject never comes from the browser.
/// </summary>
public static class ExternalCookie
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The item of the OAuth handler's (protected) properties that says why the sign-in was started.</summary>
    public const string IntentItem = "dashop.intent";

    /// <summary>The intent of a sign-in started on /account: link the provider account to the signed-in one.</summary>
    public const string LinkIntent = "link";

    /// <summary>
    /// The pending provider account of <paramref name="scheme"/>, and the sign-in (with its tokens) when the cookie comes
    /// straight from the OAuth handler; nulls when the cookie is missing, expired, or another provider's.
    /// </summary>
    public static async Task<(ExternalPending? Pending, ExternalSignIn? Login, bool Link)> ReadAsync(HttpContext http, string scheme)
    {
        var result = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        var principal = result.Principal;
        if (!result.Succeeded || principal?.FindFirst(ClaimTypes.NameIdentifier) is not { } subject
            || subject.Issuer != scheme || !IsSubject(subject.Value))
            return (null, null, false);

        string? Claim(string type) => principal.FindFirst(c => c.Type == type && c.Issuer == scheme)?.Value;
        var pending = new ExternalPending(scheme, subject.Value, Claim(ClaimTypes.Name), Claim(ExternalLoginClaims.Avatar));
        var link = result.Properties?.Items.TryGetValue(IntentItem, out var intent) == true && intent == LinkIntent;
        var token = result.Properties?.GetTokenValue("access_token");
        if (token is null)
            return (pending, null, link);
        var expiresAt = DateTimeOffset.TryParse(result.Properties?.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var e) ? e : default;
        var login = new ExternalSignIn(scheme, subject.Value, token, expiresAt, pending.DisplayName, pending.AvatarUrl,
            Claim(ExternalLoginClaims.UnionId), Claim(ExternalLoginClaims.AppId), result.Properties?.GetTokenValue("refresh_token"));
        return (pending, login, link);
    }

    /// <summary>Keeps only who the person is at the provider for the bind page: the tokens are in the database by now.</summary>
    public static Task KeepPendingAsync(HttpContext http, ExternalPending pending)
    {
        var scheme = pending.Provider;
        var identity = new ClaimsIdentity(scheme);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, pending.Subject, ClaimValueTypes.String, scheme));
        if (pending.DisplayName is { } name)
            identity.AddClaim(new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, scheme));
        if (pending.AvatarUrl is { } avatar)
            identity.AddClaim(new Claim(ExternalLoginClaims.Avatar, avatar, ClaimValueTypes.String, scheme));
        return http.SignInAsync(IdentityConstants.ExternalScheme, new ClaimsPrincipal(identity));
    }

    public static Task ForgetAsync(HttpContext http) => http.SignOutAsync(IdentityConstants.ExternalScheme);

    private static bool IsSubject(string value) =>
        value.Length is > 0 and <= ExternalAccount.SubjectMaxLength && !value.Any(char.IsControl);
}

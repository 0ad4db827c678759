using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>
/// ASP.NET Core's OAuth handler (state, correlation cookie, callback) with QQ's calls made by <see cref="QQClient"/>: the token,
/// then <c>/oauth2.0/me</c> for the openid and unionid, then <c>get_user_info</c> for the nickname and avatar. The principal
/// carries the claims of <see cref="ExternalLoginClaims"/>, issued by the scheme.
/// </summary>
public sealed class QQAuthenticationHandler(
    IOptionsMonitor<QQAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    QQClient qq) : OAuthHandler<QQAuthenticationOptions>(options, logger, encoder)
{
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri) =>
        qq.AuthorizeUrl(redirectUri, Options.StateDataFormat.Protect(properties), FormatScope());

    /// <summary>QQ separates scopes with commas.</summary>
    protected override string FormatScope(IEnumerable<string> scopes) => string.Join(',', scopes);

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var result = await qq.ExchangeCodeAsync(context.Code, context.RedirectUri, Context.RequestAborted);
        if (result.Value is not { } token)
            return OAuthTokenResponse.Failed(ExternalLoginException.For(Scheme.Name, result.WithoutValue()));
        var fields = new Dictionary<string, string>
        {
            ["access_token"] = token.AccessToken,
            ["token_type"] = "bearer",
            ["expires_in"] = token.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (token.RefreshToken is { Length: > 0 } refresh)
            fields["refresh_token"] = refresh;
        return OAuthTokenResponse.Success(JsonSerializer.SerializeToDocument(fields));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var accessToken = tokens.AccessToken!;
        var who = (await qq.IdentifyAsync(accessToken, Context.RequestAborted)).OrThrow(Scheme.Name);
        var user = (await qq.GetUserAsync(accessToken, who.OpenId, Context.RequestAborted)).OrThrow(Scheme.Name);

        var issuer = Scheme.Name;
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, who.OpenId, ClaimValueTypes.String, issuer));
        if (user.Nickname is { } name)
            identity.AddClaim(new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, issuer));
        if (who.UnionId is { } unionId)
            identity.AddClaim(new Claim(ExternalLoginClaims.UnionId, unionId, ClaimValueTypes.String, issuer));
        if (user.AvatarUrl is { } avatar)
            identity.AddClaim(new Claim(ExternalLoginClaims.Avatar, avatar, ClaimValueTypes.String, issuer));
        identity.AddClaim(new Claim(ExternalLoginClaims.AppId, Options.ClientId, ClaimValueTypes.String, issuer));
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name);
    }
}

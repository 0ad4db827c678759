using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Dashop.Web.Features.ExternalLogin;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// ASP.NET Core's OAuth handler (state, correlation cookie, callback) with Weibo's calls made by the shared
/// <see cref="WeiboClient"/>: the uid comes from the token response, the profile from users/show.json.
/// </summary>
public sealed class WeiboAuthenticationHandler(
    IOptionsMonitor<WeiboAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    WeiboClient weibo) : OAuthHandler<WeiboAuthenticationOptions>(options, logger, encoder)
{
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri) =>
        weibo.AuthorizeUrl(redirectUri, Options.StateDataFormat.Protect(properties));

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var result = await weibo.ExchangeCodeAsync(context.Code, context.RedirectUri, Context.RequestAborted);
        if (result.Value is not { } token)
            return OAuthTokenResponse.Failed(ExternalLoginException.For(WeiboDefaults.Scheme, result.WithoutValue()));
        var seconds = Math.Max(0, (long)(token.ExpiresAt - TimeProvider.GetUtcNow()).TotalSeconds);
        return OAuthTokenResponse.Success(JsonSerializer.SerializeToDocument(new Dictionary<string, string>
        {
            ["access_token"] = token.AccessToken,
            ["expires_in"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["uid"] = token.Uid,
        }));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var uid = tokens.Response!.RootElement.GetProperty("uid").GetString()!;
        var user = (await weibo.GetUserAsync(tokens.AccessToken!, uid, Context.RequestAborted)).OrThrow(WeiboDefaults.Scheme);

        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, uid, ClaimValueTypes.String, ClaimsIssuer));
        if (user.ScreenName is { } name)
            identity.AddClaim(new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, ClaimsIssuer));
        if (user.AvatarUrl is { } avatar)
            identity.AddClaim(new Claim(ExternalLoginClaims.Avatar, avatar, ClaimValueTypes.String, ClaimsIssuer));
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name);
    }
}

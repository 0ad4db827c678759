using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>
/// ASP.NET Core's OAuth handler (state, correlation cookie, callback) for Alipay's web authorization: the callback carries
/// <c>auth_code</c> (not <c>code</c>), and the token and profile come from the signed gateway through <see cref="AlipayClient"/>.
/// The principal carries the claims of <see cref="ExternalLoginClaims"/>, issued by the scheme.
/// </summary>
public sealed class AlipayAuthenticationHandler(
    IOptionsMonitor<AlipayAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AlipayClient alipay) : OAuthHandler<AlipayAuthenticationOptions>(options, logger, encoder)
{
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri) =>
        alipay.AuthorizeUrl(redirectUri, Options.StateDataFormat.Protect(properties), FormatScope());

    protected override string FormatScope(IEnumerable<string> scopes) => string.Join(',', scopes);

    /// <summary>Alipay names the code <c>auth_code</c>: the base handler reads <c>code</c>.</summary>
    protected override Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        var query = Request.Query;
        if (!query.ContainsKey("code") && query.TryGetValue("auth_code", out var authCode))
        {
            var fields = query.ToDictionary(q => q.Key, q => q.Value);
            fields["code"] = authCode;
            Request.QueryString = QueryString.Create(fields);
        }
        return base.HandleRemoteAuthenticateAsync();
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var result = await alipay.ExchangeCodeAsync(context.Code, Context.RequestAborted);
        if (result.Value is not { } token)
            return OAuthTokenResponse.Failed(ExternalLoginException.For(Scheme.Name, result.WithoutValue()));
        var fields = new Dictionary<string, string?>
        {
            ["access_token"] = token.AccessToken,
            ["token_type"] = "bearer",
            ["expires_in"] = token.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture),
            ["refresh_token"] = token.RefreshToken,
            ["user_id"] = token.UserId,
            ["open_id"] = token.OpenId,
        };
        return OAuthTokenResponse.Success(JsonSerializer.SerializeToDocument(fields.Where(f => !string.IsNullOrEmpty(f.Value)).ToDictionary()));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var root = tokens.Response!.RootElement;
        var token = new AlipayToken(tokens.AccessToken!, tokens.RefreshToken, 0,
            root.TryGetProperty("user_id", out var userId) ? userId.GetString() : null,
            root.TryGetProperty("open_id", out var openId) ? openId.GetString() : null);
        var user = (await alipay.GetUserAsync(token, Context.RequestAborted)).OrThrow(Scheme.Name);

        var issuer = Scheme.Name;
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, token.Subject, ClaimValueTypes.String, issuer));
        if (user.NickName is { } name)
            identity.AddClaim(new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, issuer));
        if (user.AvatarUrl is { } avatar)
            identity.AddClaim(new Claim(ExternalLoginClaims.Avatar, avatar, ClaimValueTypes.String, issuer));
        identity.AddClaim(new Claim(ExternalLoginClaims.AppId, Options.ClientId, ClaimValueTypes.String, issuer));
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name);
    }
}

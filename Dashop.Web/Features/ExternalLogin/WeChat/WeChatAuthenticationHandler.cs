using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.WeChat;

/// <summary>
/// ASP.NET Core's OAuth handler (state, correlation cookie, callback) speaking WeChat (spec §15): the QR page of the
/// website app (<c>snsapi_login</c>), or inside WeChat's browser the Official Account's authorization
/// (<c>snsapi_userinfo</c>); <c>appid</c> and <c>secret</c> in the token call's query; every answer JSON whatever its
/// Content-Type says (WeChat sends text/plain), errors as <c>{errcode, errmsg}</c> with HTTP 200. The openid comes from the
/// token answer, never from the browser; the unionid (one person across the apps) from the token or profile answer.
/// </summary>
public sealed partial class WeChatAuthenticationHandler(
    IOptionsMonitor<WeChatAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : OAuthHandler<WeChatAuthenticationOptions>(options, logger, encoder)
{
    private const int MaxAnswerBytes = 64 * 1024;

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var inApp = !string.IsNullOrEmpty(Options.InAppClientId)
            && Request.Headers.UserAgent.ToString().Contains(WeChatDefaults.InAppUserAgentMarker, StringComparison.Ordinal);
        var appId = inApp ? Options.InAppClientId : Options.ClientId;
        properties.Items[WeChatDefaults.AppItem] = appId;
        // WeChat checks the order of these parameters on the Official Account's authorization: appid, redirect_uri,
        // response_type, scope, state, then the #wechat_redirect fragment.
        var url = QueryHelpers.AddQueryString(inApp ? Options.InAppAuthorizationEndpoint : Options.AuthorizationEndpoint, (KeyValuePair<string, string?>[])
        [
            new("appid", appId),
            new("redirect_uri", redirectUri),
            new("response_type", "code"),
            new("scope", inApp ? WeChatDefaults.InAppScope : WeChatDefaults.QrScope),
            new("state", Options.StateDataFormat.Protect(properties)),
        ]);
        return url + "#wechat_redirect";
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var appId = context.Properties.Items.TryGetValue(WeChatDefaults.AppItem, out var app) && app == Options.InAppClientId
            && !string.IsNullOrEmpty(app) ? app : Options.ClientId;
        var secret = appId == Options.ClientId ? Options.ClientSecret : Options.InAppClientSecret;
        var address = QueryHelpers.AddQueryString(Options.TokenEndpoint, (KeyValuePair<string, string?>[])
        [
            new("appid", appId),
            new("secret", secret),
            new("code", context.Code),
            new("grant_type", "authorization_code"),
        ]);
        JsonElement answer;
        try
        {
            answer = await GetAsync(address);
        }
        catch (ExternalLoginException ex)
        {
            return OAuthTokenResponse.Failed(ex);
        }
        if (Text(answer, "access_token") is not { } accessToken || Text(answer, "openid") is not { } openId
            || openId.Length > ExternalAccount.SubjectMaxLength)
            return OAuthTokenResponse.Failed(Refused("no access_token or openid"));

        var seconds = long.TryParse(Text(answer, "expires_in"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 7200;
        var tokens = new Dictionary<string, string>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = seconds.ToString(CultureInfo.InvariantCulture),
            ["openid"] = openId,
            ["appid"] = appId,
        };
        if (Text(answer, "refresh_token") is { } refresh)
            tokens["refresh_token"] = refresh;
        if (Text(answer, "unionid") is { } union)
            tokens["unionid"] = union;
        return OAuthTokenResponse.Success(JsonSerializer.SerializeToDocument(tokens));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var token = tokens.Response!.RootElement;
        var openId = Text(token, "openid")!;
        var profile = await GetAsync(QueryHelpers.AddQueryString(Options.UserInformationEndpoint, (KeyValuePair<string, string?>[])
        [
            new("access_token", tokens.AccessToken),
            new("openid", openId),
        ]));
        if (Text(profile, "openid") is { } profileOpenId && profileOpenId != openId)
            throw Refused("profile of another openid");

        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, openId, ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(ExternalLoginClaims.AppId, Text(token, "appid")!, ClaimValueTypes.String, ClaimsIssuer));
        var union = Text(profile, "unionid") ?? Text(token, "unionid");
        if (union is { Length: <= ExternalAccount.SubjectMaxLength })
            identity.AddClaim(new Claim(ExternalLoginClaims.UnionId, union, ClaimValueTypes.String, ClaimsIssuer));
        if (Text(profile, "nickname") is { } name)
            identity.AddClaim(new Claim(ClaimTypes.Name, name, ClaimValueTypes.String, ClaimsIssuer));
        if (Text(profile, "headimgurl") is { } avatar && Uri.TryCreate(avatar, UriKind.Absolute, out _))
            identity.AddClaim(new Claim(ExternalLoginClaims.Avatar, avatar, ClaimValueTypes.String, ClaimsIssuer));
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, Scheme.Name);
    }

    /// <summary>
    /// A GET to WeChat, its body read as JSON whatever its Content-Type; an <c>errcode</c> other than 0 is WeChat refusing
    /// (40029 invalid code, 40163 code used, ...), no answer or a body that is not JSON is WeChat being unavailable.
    /// </summary>
    private async Task<JsonElement> GetAsync(string address)
    {
        string body;
        int status;
        try
        {
            using var response = await Backchannel.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, Context.RequestAborted);
            status = (int)response.StatusCode;
            if (response.Content.Headers.ContentLength > MaxAnswerBytes)
                throw Unavailable("answer too large");
            body = await response.Content.ReadAsStringAsync(Context.RequestAborted);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException)
        {
            LogUnanswered(Logger, ex is HttpRequestException ? "connection error" : "timeout");
            throw Unavailable(ex is HttpRequestException ? "connection error" : "timeout");
        }
        if (status is < 200 or > 299)
            throw Unavailable($"HTTP {status}");
        JsonElement answer;
        try
        {
            using var document = JsonDocument.Parse(body);
            answer = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            LogUnreadable(Logger, status);
            throw Unavailable("not JSON");
        }
        if (answer.ValueKind != JsonValueKind.Object)
            throw Unavailable("not a JSON object");
        if (Text(answer, "errcode") is { } code && code != "0")
        {
            // errmsg may echo the request; only the code is logged.
            LogRefused(Logger, code);
            throw Refused(code);
        }
        return answer;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            && value.ToString() is { Length: > 0 } text ? text : null;

    private static ExternalLoginException Refused(string? errorCode) => new(WeChatDefaults.Scheme, unavailable: false, errorCode);

    private static ExternalLoginException Unavailable(string reason) => new(WeChatDefaults.Scheme, unavailable: true, reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat did not answer ({Reason})")]
    private static partial void LogUnanswered(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat answered HTTP {Status} with a body that is not JSON")]
    private static partial void LogUnreadable(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat refused the sign-in (errcode {ErrorCode})")]
    private static partial void LogRefused(ILogger logger, string errorCode);
}

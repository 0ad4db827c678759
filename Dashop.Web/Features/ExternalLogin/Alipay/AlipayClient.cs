using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashop.Web.Features.ExternalLogin.Providers;
using Dashop.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>
/// Alipay's web authorization (spec §15): the authorize URL, then two calls to the open-platform gateway, each a form POST of
/// the common parameters signed RSA2 with the app's private key, each answer verified with Alipay's public key before a byte
/// of it is believed. The gateway is never retried: the first call spends a single-use code.
/// </summary>
public sealed partial class AlipayClient(IHttpClientFactory httpClients, IOptions<AlipayOptions> options, TimeProvider time, ILogger<AlipayClient> logger)
{
    public const string ClientName = "Alipay.Gateway";
    public const string TokenMethod = "alipay.system.oauth.token";
    public const string UserInfoMethod = "alipay.user.info.share";
    private const string Success = "10000";

    private readonly AlipayOptions _options = options.Value;

    public string AuthorizeUrl(string redirectUri, string state, string scope) =>
        QueryHelpers.AddQueryString(_options.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["app_id"] = _options.AppId,
            ["scope"] = scope,
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
        });

    public async Task<Result<AlipayToken>> ExchangeCodeAsync(string code, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(TokenMethod, new() { ["grant_type"] = "authorization_code", ["code"] = code }, cancellationToken);
        if (answer.Value is not { } json)
            return answer.WithoutValue();
        using (json)
        {
            var node = json.RootElement;
            var accessToken = ProviderHttp.Text(node, "access_token");
            var userId = Id(ProviderHttp.Text(node, "user_id"));
            var openId = Id(ProviderHttp.Text(node, "open_id"));
            if (string.IsNullOrEmpty(accessToken) || accessToken.Length > 512 || (userId is null && openId is null))
                return Unreadable<AlipayToken>(TokenMethod, "no access_token, user_id or open_id");
            var seconds = long.TryParse(ProviderHttp.Text(node, "expires_in"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? Math.Clamp(s, 0, 10L * 365 * 86400) : 0;
            return new AlipayToken(accessToken, ProviderHttp.Text(node, "refresh_token"), seconds, userId, openId);
        }
    }

    /// <summary>The profile of the token's person; refused when the answer names another person than the token did.</summary>
    public async Task<Result<AlipayUser>> GetUserAsync(AlipayToken token, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(UserInfoMethod, new() { ["auth_token"] = token.AccessToken }, cancellationToken);
        if (answer.Value is not { } json)
            return answer.WithoutValue();
        using (json)
        {
            var node = json.RootElement;
            if ((ProviderHttp.Text(node, "user_id") is { } userId && token.UserId is not null && userId != token.UserId)
                || (ProviderHttp.Text(node, "open_id") is { } openId && token.OpenId is not null && openId != token.OpenId))
            {
                LogRefused(logger, UserInfoMethod, "subject", "", "the profile is another person's");
                return Result.Remote(Failure.Refused, "subject mismatch");
            }
            return new AlipayUser(ProviderHttp.DisplayName(ProviderHttp.Text(node, "nick_name")), ProviderHttp.WebUrl(ProviderHttp.Text(node, "avatar")));
        }
    }

    /// <summary>The common parameters and the method's own, signed; the request's form as the gateway takes it.</summary>
    internal Dictionary<string, string?> SignedParameters(string method, Dictionary<string, string?> own)
    {
        var parameters = new Dictionary<string, string?>(own)
        {
            ["app_id"] = _options.AppId,
            ["method"] = method,
            ["charset"] = "utf-8",
            ["sign_type"] = "RSA2",
            ["timestamp"] = ChinaTime.Format(time.GetUtcNow()),
            ["version"] = "1.0",
        };
        parameters["sign"] = AlipaySignature.Sign(AlipaySignature.Content(parameters), _options.PrivateKey);
        return parameters;
    }

    /// <summary>
    /// One signed call. The answer counts only when its <c>*_response</c> object carries a <c>sign</c> that verifies with Alipay's
    /// public key; an <c>error_response</c>, or a method answer whose <c>code</c> is not 10000, is a failure.
    /// </summary>
    private async Task<Result<JsonDocument>> CallAsync(string method, Dictionary<string, string?> own, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(ClientName);
        var parameters = SignedParameters(method, own);
        var sent = await ProviderHttp.SendAsync(async () =>
        {
            using var form = new FormUrlEncodedContent(parameters);
            form.Headers.ContentType!.CharSet = "utf-8";
            return await http.PostAsync(_options.GatewayEndpoint, form, cancellationToken);
        }, cancellationToken);
        if (sent.Value is not { } response)
        {
            LogUnavailable(logger, method, sent.Detail ?? "");
            return sent.WithoutValue();
        }
        if (response.Status is < 200 or > 299 || AlipayAnswer.Split(response.Body) is not { } answer)
            return Unreadable<JsonDocument>(method, $"HTTP {response.Status} without a gateway answer");

        var json = JsonDocument.Parse(answer.Raw);
        var code = ProviderHttp.Text(json.RootElement, "code");
        var subCode = ProviderHttp.Text(json.RootElement, "sub_code");
        if (answer.Node == AlipayAnswer.ErrorNode || (code is not null && code != Success))
        {
            LogRefused(logger, method, code ?? "", ProviderHttp.LogSafe(subCode), ProviderHttp.LogSafe(ProviderHttp.Text(json.RootElement, "sub_msg") ?? ProviderHttp.Text(json.RootElement, "msg")));
            json.Dispose();
            var unavailable = code == "20000" || subCode?.StartsWith("isp.", StringComparison.Ordinal) == true;
            return Result.Remote(unavailable ? Failure.Unavailable : Failure.Refused, subCode ?? code);
        }
        if (answer.Node != AlipayAnswer.NodeOf(method))
        {
            json.Dispose();
            return Unreadable<JsonDocument>(method, $"answer for another method ({ProviderHttp.LogSafe(answer.Node)})");
        }
        if (!AlipaySignature.Verify(answer.Raw.Span, answer.Sign, _options.PublicKey))
        {
            json.Dispose();
            LogBadSignature(logger, method, answer.Sign is null ? "missing" : "does not verify");
            return Result.Remote(Failure.Refused, "bad signature");
        }
        return json;
    }

    private Result<T> Unreadable<T>(string method, string what) where T : class
    {
        LogUnreadable(logger, method, what);
        return Result.Remote(Failure.Unavailable, "unreadable answer");
    }

    private static string? Id(string? id) => id is not null && IdPattern().IsMatch(id) ? id : null;

    [GeneratedRegex("^[0-9A-Za-z_-]{1,128}$")]
    internal static partial Regex IdPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alipay {Method} refused: code {Code}, sub_code {SubCode} ({Message})")]
    private static partial void LogRefused(ILogger logger, string method, string code, string subCode, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alipay {Method} unavailable ({Error})")]
    private static partial void LogUnavailable(ILogger logger, string method, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alipay {Method} answered without a usable body: {What}")]
    private static partial void LogUnreadable(ILogger logger, string method, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alipay {Method} answer refused: its signature {Problem}")]
    private static partial void LogBadSignature(ILogger logger, string method, string problem);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashop.Web.Features.ExternalLogin.Providers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>
/// QQ Connect's OAuth 2.0 calls (spec §15), all GETs: the code exchange through a client that never retries (a code is single
/// use), <c>/oauth2.0/me</c> and <c>get_user_info</c> through one that does. Every call asks for <c>fmt=json</c> where QQ has
/// it, but the answers are read whatever shape they come in: JSON, QQ's historical <c>callback( {...} );</c> JSONP, or the
/// token endpoint's <c>access_token=...&amp;expires_in=...</c> query string.
/// </summary>
public sealed partial class QQClient(IHttpClientFactory httpClients, IOptions<QQOptions> options, ILogger<QQClient> logger)
{
    public const string TokenClientName = "QQ.Token";
    public const string ApiClientName = "QQ.Api";
    private const string NoUnionIdPermission = "100048";

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true };

    private readonly QQOptions _options = options.Value;

    public string AuthorizeUrl(string redirectUri, string state, string scope) =>
        QueryHelpers.AddQueryString(_options.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
            ["scope"] = scope,
        });

    public async Task<Result<QQToken>> ExchangeCodeAsync(string code, string redirectUri, CancellationToken cancellationToken)
    {
        var url = QueryHelpers.AddQueryString(_options.TokenEndpoint, new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["fmt"] = "json",
        });
        var answer = await GetAsync(TokenClientName, url, "token", cancellationToken);
        if (answer.Value is not { } json)
            return answer.WithoutValue();
        using (json)
        {
            var root = json.RootElement;
            var accessToken = ProviderHttp.Text(root, "access_token");
            if (string.IsNullOrEmpty(accessToken) || accessToken.Length > 512)
                return Unreadable<QQToken>("token", 200);
            var seconds = long.TryParse(ProviderHttp.Text(root, "expires_in"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? Math.Clamp(s, 0, 10L * 365 * 86400) : 0;
            return new QQToken(accessToken, ProviderHttp.Text(root, "refresh_token"), seconds);
        }
    }

    public async Task<Result<QQIdentity>> IdentifyAsync(string accessToken, CancellationToken cancellationToken)
    {
        var answer = await GetAsync(ApiClientName, MeUrl(accessToken, withUnionId: true), "me", cancellationToken);
        // 100048: the app has no unionid permission; the openid alone still identifies the person for this app.
        if (answer.Detail == NoUnionIdPermission)
            answer = await GetAsync(ApiClientName, MeUrl(accessToken, withUnionId: false), "me", cancellationToken);
        if (answer.Value is not { } json)
            return answer.WithoutValue();
        using (json)
        {
            var root = json.RootElement;
            var openId = ProviderHttp.Text(root, "openid");
            if (openId is null || !IdPattern().IsMatch(openId))
                return Unreadable<QQIdentity>("me", 200);
            // A token granted to another app must not sign anyone in here.
            if (ProviderHttp.Text(root, "client_id") is { } clientId && clientId != _options.ClientId)
            {
                LogRefused(logger, "me", 200, "client_id", "the token belongs to another app");
                return Result.Remote(Failure.Refused, "client_id mismatch");
            }
            var unionId = ProviderHttp.Text(root, "unionid") is { } u && IdPattern().IsMatch(u) ? u : null;
            return new QQIdentity(openId, unionId);
        }
    }

    private string MeUrl(string accessToken, bool withUnionId) =>
        QueryHelpers.AddQueryString(_options.UserIdentificationEndpoint, new Dictionary<string, string?>
        {
            ["access_token"] = accessToken,
            ["fmt"] = "json",
            ["unionid"] = withUnionId ? "1" : null,
        }.Where(p => p.Value is not null));

    public async Task<Result<QQUser>> GetUserAsync(string accessToken, string openId, CancellationToken cancellationToken)
    {
        var url = QueryHelpers.AddQueryString(_options.UserInformationEndpoint, new Dictionary<string, string?>
        {
            ["access_token"] = accessToken,
            ["oauth_consumer_key"] = _options.ClientId,
            ["openid"] = openId,
        });
        var answer = await GetAsync(ApiClientName, url, "get_user_info", cancellationToken);
        if (answer.Value is not { } json)
            return answer.WithoutValue();
        using (json)
        {
            var root = json.RootElement;
            if (!int.TryParse(ProviderHttp.Text(root, "ret"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ret))
                return Unreadable<QQUser>("get_user_info", 200);
            if (ret != 0)
            {
                // ret < 0: QQ's own trouble; ret > 0: the request (token, openid, app) was refused.
                LogRefused(logger, "get_user_info", 200, ret.ToString(CultureInfo.InvariantCulture), ProviderHttp.LogSafe(ProviderHttp.Text(root, "msg")));
                return Result.Remote(ret < 0 ? Failure.Unavailable : Failure.Refused, ret.ToString(CultureInfo.InvariantCulture));
            }
            return new QQUser(ProviderHttp.DisplayName(ProviderHttp.Text(root, "nickname")), ProviderHttp.WebUrl(ProviderHttp.Text(root, "figureurl_qq_1")));
        }
    }

    /// <summary>One GET, its answer read as a JSON object whatever shape QQ gave it; a QQ <c>error</c> is a failure.</summary>
    private async Task<Result<JsonDocument>> GetAsync(string clientName, string url, string call, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(clientName);
        var sent = await ProviderHttp.SendAsync(() => http.GetAsync(url, cancellationToken), cancellationToken);
        if (sent.Value is not { } answer)
        {
            LogUnavailable(logger, call, sent.Detail ?? "");
            return sent.WithoutValue();
        }
        if (Parse(answer.Body) is not { } json)
            return Unreadable<JsonDocument>(call, answer.Status);
        if (ProviderHttp.Text(json.RootElement, "error") is { } error && error != "0")
        {
            var description = ProviderHttp.LogSafe(ProviderHttp.Text(json.RootElement, "error_description"));
            json.Dispose();
            LogRefused(logger, call, answer.Status, error, description);
            return Result.Remote(answer.Status >= 500 ? Failure.Unavailable : Failure.Refused, error);
        }
        if (answer.Status is < 200 or > 299)
        {
            json.Dispose();
            return Unreadable<JsonDocument>(call, answer.Status);
        }
        return json;
    }

    /// <summary>A JSON object from JSON, from <c>callback( {...} );</c>, or from a query string; null for anything else (an HTML page).</summary>
    internal static JsonDocument? Parse(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.StartsWith("callback", StringComparison.Ordinal) && text.IndexOf('(') is var open and > 0 && text.LastIndexOf(')') is var close && close > open)
            text = text[(open + 1)..close].Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                var json = JsonDocument.Parse(text, Lenient);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                    return json;
                json.Dispose();
            }
            catch (JsonException)
            {
            }
            return null;
        }
        if (!QueryStringAnswer().IsMatch(text))
            return null;
        var fields = QueryHelpers.ParseQuery(text);
        return JsonSerializer.SerializeToDocument(fields.ToDictionary(f => f.Key, f => f.Value.ToString()));
    }

    private Result<T> Unreadable<T>(string call, int status) where T : class
    {
        LogUnreadable(logger, call, status);
        return Result.Remote(Failure.Unavailable, $"HTTP {status}");
    }

    [GeneratedRegex("^[0-9A-Za-z_-]{1,64}$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex("^(access_token|error|code)=[^<>\\s]*$")]
    private static partial Regex QueryStringAnswer();

    [LoggerMessage(Level = LogLevel.Warning, Message = "QQ {Call} refused: HTTP {Status}, error {Error} ({Description})")]
    private static partial void LogRefused(ILogger logger, string call, int status, string error, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QQ {Call} unavailable ({Error})")]
    private static partial void LogUnavailable(ILogger logger, string call, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QQ {Call} answered HTTP {Status} without a usable body")]
    private static partial void LogUnreadable(ILogger logger, string call, int status);
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// Weibo's OAuth 2.0 calls (spec §8), shared by the browser's OAuth handler and the /v1 flow. The code exchange
/// goes through a client that never retries (a code is single use); only the profile GET is retried.
/// </summary>
public sealed partial class WeiboClient(IHttpClientFactory httpClients, IOptions<WeiboOptions> options, TimeProvider time, ILogger<WeiboClient> logger)
{
    public const string TokenClientName = "Weibo.Token";
    public const string ApiClientName = "Weibo.Api";
    private const string ServiceBusy = "21331";

    private readonly WeiboOptions _options = options.Value;

    public string AuthorizeUrl(string redirectUri, string state) =>
        QueryHelpers.AddQueryString(_options.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["state"] = state,
        });

    public async Task<Result<WeiboToken>> ExchangeCodeAsync(string code, string redirectUri, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        });
        var http = httpClients.CreateClient(TokenClientName);
        var answer = await SendAsync(() => http.PostAsync(_options.TokenEndpoint, form, cancellationToken), "token", cancellationToken);
        if (!answer.Succeeded)
            return answer.WithoutValue();

        using var json = answer.Value!;
        var root = json.RootElement;
        var accessToken = Text(root, "access_token");
        var uid = Text(root, "uid");
        if (string.IsNullOrEmpty(accessToken) || accessToken.Length > 512 || uid is null || !UidPattern().IsMatch(uid))
        {
            LogUnreadable(logger, "token", (int)HttpStatusCode.OK);
            return Result.Remote(Failure.Unavailable, "unreadable answer");
        }
        var seconds = long.TryParse(Text(root, "expires_in") ?? Text(root, "remind_in"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var expiresIn = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, (long)TimeSpan.FromDays(3650).TotalSeconds));
        return new WeiboToken(accessToken, uid, time.GetUtcNow() + expiresIn);
    }

    public async Task<Result<WeiboUser>> GetUserAsync(string accessToken, string uid, CancellationToken cancellationToken)
    {
        var url = QueryHelpers.AddQueryString(_options.UserInformationEndpoint, new Dictionary<string, string?>
        {
            ["access_token"] = accessToken,
            ["uid"] = uid,
        });
        var http = httpClients.CreateClient(ApiClientName);
        var answer = await SendAsync(() => http.GetAsync(url, cancellationToken), "users/show", cancellationToken);
        if (!answer.Succeeded)
            return answer.WithoutValue();

        using var json = answer.Value!;
        var root = json.RootElement;
        var id = Text(root, "idstr") ?? Text(root, "id");
        if (id is not null && id != uid)
        {
            LogUnreadable(logger, "users/show", (int)HttpStatusCode.OK);
            return Result.Remote(Failure.Refused, "uid mismatch");
        }
        var screenName = Text(root, "screen_name") is { Length: > 0 } name ? Truncate(name, 100) : null;
        return new WeiboUser(uid, screenName, WebUrl(Text(root, "profile_image_url")));
    }

    /// <summary>Sends once (retries, if any, are the named client's) and reads a JSON object or a Weibo error.</summary>
    private async Task<Result<JsonDocument>> SendAsync(Func<Task<HttpResponseMessage>> send, string call, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            LogUnavailable(logger, call, ex.GetType().Name);
            return Result.Remote(Failure.Unavailable, ex is HttpRequestException ? "connection error" : "timeout");
        }

        using (response)
        {
            JsonDocument? json;
            try
            {
                json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is JsonException or IOException || IsTransportFailure(ex, cancellationToken))
            {
                json = null;
            }

            var status = (int)response.StatusCode;
            if (json?.RootElement.ValueKind != JsonValueKind.Object)
            {
                json?.Dispose();
                LogUnreadable(logger, call, status);
                return Result.Remote(Failure.Unavailable, $"HTTP {status}");
            }
            if (Text(json.RootElement, "error_code") is { } errorCode)
            {
                var error = Truncate(Text(json.RootElement, "error") ?? "", 64);
                json.Dispose();
                LogRefused(logger, call, status, errorCode, error);
                return Result.Remote(errorCode == ServiceBusy || status >= 500 ? Failure.Unavailable : Failure.Refused, errorCode);
            }
            if (!response.IsSuccessStatusCode)
            {
                json.Dispose();
                LogUnreadable(logger, call, status);
                return Result.Remote(status >= 500 ? Failure.Unavailable : Failure.Refused, $"HTTP {status}");
            }
            return json;
        }
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or Polly.ExecutionRejectedException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>A string or number property as text; Weibo sends uids both ways.</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? WebUrl(string? url) =>
        url is { Length: <= 1024 } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [GeneratedRegex(@"^[0-9]{1,20}$")]
    internal static partial Regex UidPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weibo {Call} refused: HTTP {Status}, error_code {ErrorCode} ({Error})")]
    private static partial void LogRefused(ILogger logger, string call, int status, string errorCode, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weibo {Call} unavailable ({Error})")]
    private static partial void LogUnavailable(ILogger logger, string call, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weibo {Call} answered HTTP {Status} without a usable body")]
    private static partial void LogUnreadable(ILogger logger, string call, int status);
}

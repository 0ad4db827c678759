using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>
/// How QQ's and Alipay's clients talk HTTP: named clients without logging handlers (their URLs and bodies carry codes and
/// tokens), a time limit per attempt, retries only where the call is a safe GET, and every transport failure turned into
/// <see cref="Failure.Unavailable"/>.
/// </summary>
public static class ProviderHttp
{
    /// <summary>Largest answer read from a provider: their JSON answers are a few hundred bytes.</summary>
    public const int MaxAnswerBytes = 256 * 1024;

    /// <summary>
    /// A named client: <paramref name="attempts"/> tries of a GET (never of a POST), each limited to the provider's
    /// timeout in seconds, which <paramref name="timeoutSeconds"/> reads from its options.
    /// </summary>
    public static IHttpClientBuilder AddProviderClient(this IServiceCollection services, string name, int attempts, Func<IServiceProvider, int> timeoutSeconds)
    {
        var client = services.AddHttpClient(name, (sp, http) =>
        {
            // The pipeline times each attempt; this outer limit covers all of them and the delays between.
            http.Timeout = TimeSpan.FromSeconds(timeoutSeconds(sp) * attempts + attempts);
            http.MaxResponseContentBufferSize = MaxAnswerBytes;
        }).RemoveAllLoggers();
        client.AddResilienceHandler(name, (pipeline, context) =>
        {
            if (attempts > 1)
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = attempts - 1,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
            }
            pipeline.AddTimeout(TimeSpan.FromSeconds(timeoutSeconds(context.ServiceProvider)));
        });
        return client;
    }

    /// <summary>Sends once (retries, if any, are the named client's) and reads the whole body, whatever its content type says.</summary>
    public static async Task<Result<ProviderAnswer>> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send();
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new ProviderAnswer((int)response.StatusCode, body);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            return Result.Remote(Failure.Unavailable, ex is HttpRequestException ? "connection error" : "timeout");
        }
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException or ExecutionRejectedException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>
    /// A string or number property of a JSON object as text: providers send ids, error codes and expiries both ways (QQ's
    /// <c>error</c> is a number, Alipay documents <c>expires_in</c> as a string and sends a number).
    /// </summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>An http(s) URL of at most 1024 characters, or null: what a provider says is an avatar.</summary>
    public static string? WebUrl(string? url) =>
        url is { Length: <= 1024 } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    /// <summary>A display name as shown on pages: trimmed, at most 100 characters, null when empty.</summary>
    public static string? DisplayName(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= 100 ? trimmed : trimmed[..100];
    }

    /// <summary>A provider's error text as it may appear in a log line: short, on one line.</summary>
    public static string LogSafe(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ");
        return line.Length <= 64 ? line : line[..64];
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Health;

namespace Dashop.Web.Features.Sms;

/// <summary>
/// Ronglian: the account keys are set and the API host answers HTTP. The probe is a HEAD of the base URL,
/// which Ronglian answers without sending anything (TemplateSMS is a POST, and is never called here).
/// </summary>
public sealed class SmsProviderHealthCheck(
    IOptions<SmsOptions> sms,
    IOptions<RonglianOptions> ronglian,
    IHttpClientFactory http,
    IHostEnvironment environment) : IHealthCheck
{
    public const string HttpClientName = "dashop-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (sms.Value.Provider == SmsProvider.DevInbox)
            return CheckResults.DevInbox(context, environment, "dev inbox (/dev/inbox)");

        var options = ronglian.Value;
        if (options.MissingKey() is { } missing)
            return CheckResults.Failed(context, $"Ronglian Cloud: {missing} is not set");
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http"))
            return CheckResults.Failed(context, "Ronglian Cloud: Sms:Ronglian:BaseUrl is not an absolute http(s) URL");

        var where = $"Ronglian Cloud ({baseUrl.Host}:{baseUrl.Port})";
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + "/"));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // Any HTTP answer proves DNS, TCP and TLS; the status of "/" means nothing for the API.
            return HealthCheckResult.Healthy($"{where}: reachable (HTTP {(int)response.StatusCode} on HEAD /)");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResults.Failed(context, $"{where}: unreachable ({CheckResults.Reason(ex)})", ex);
        }
    }
}

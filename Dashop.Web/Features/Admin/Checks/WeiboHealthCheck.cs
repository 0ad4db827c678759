using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.Admin.Checks;

/// <summary>
/// Weibo OAuth: the endpoints are configured and the token endpoint's host resolves and accepts a TCP connection.
/// Reads the <c>Weibo:*</c> keys itself so that it depends on no class of the Weibo login feature.
/// </summary>
public sealed class WeiboHealthCheck(IConfiguration configuration, IHostEnvironment environment) : IHealthCheck
{
    private static readonly (string Key, string Default)[] Endpoints =
    [
        ("Weibo:AuthorizationEndpoint", "https://api.weibo.com/oauth2/authorize"),
        ("Weibo:TokenEndpoint", "https://api.weibo.com/oauth2/access_token"),
        ("Weibo:UserInformationEndpoint", "https://api.weibo.com/2/users/show.json"),
    ];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(configuration["Weibo:ClientId"]))
        {
            return environment.IsDevelopment()
                ? HealthCheckResult.Healthy("built-in Weibo simulator (/dev/weibo)")
                : new HealthCheckResult(HealthStatus.Degraded, "Weibo:ClientId is not set: logging in with Weibo is unavailable");
        }

        Uri? token = null;
        foreach (var (key, fallback) in Endpoints)
        {
            var value = configuration[key] is { Length: > 0 } configured ? configured : fallback;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                return ProbeResults.Failed(context, $"{key} is not an absolute http(s) URL");
            if (key == "Weibo:TokenEndpoint")
                token = uri;
        }

        var where = $"Weibo token endpoint {token!.Host}:{token.Port}";
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(token.Host, token.Port, cancellationToken);
            return HealthCheckResult.Healthy($"{where}: reachable");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResults.Failed(context, $"{where}: unreachable ({ProbeResults.Reason(ex)})", ex);
        }
    }
}

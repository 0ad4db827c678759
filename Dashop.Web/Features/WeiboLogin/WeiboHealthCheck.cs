using System.Net.Sockets;
using Dashop.Web.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>Weibo OAuth: the token endpoint's host resolves and accepts a TCP connection.</summary>
public sealed class WeiboHealthCheck(IOptions<WeiboOptions> weibo) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = weibo.Value;
        if (WeiboSimulator.IsPointedAt(options))
            return HealthCheckResult.Healthy($"built-in Weibo simulator ({WeiboSimulator.BasePath})");
        if (!options.Enabled)
            return new HealthCheckResult(HealthStatus.Degraded, "Weibo:ClientId is not set: logging in with Weibo is unavailable");

        var token = new Uri(options.TokenEndpoint);
        var where = $"Weibo token endpoint {token.Host}:{token.Port}";
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(token.Host, token.Port, cancellationToken);
            return HealthCheckResult.Healthy($"{where}: reachable");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResults.Failed(context, $"{where}: unreachable ({CheckResults.Reason(ex)})", ex);
        }
    }
}

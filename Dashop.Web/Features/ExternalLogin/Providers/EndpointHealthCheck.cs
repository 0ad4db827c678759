using System.Net.Sockets;
using Dashop.Web.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>A provider's check: its simulator, "not configured", or its server's host resolves and accepts a TCP connection.</summary>
public abstract class EndpointHealthCheck : IHealthCheck
{
    /// <summary>What to check: the simulator's path when the options point at it, else whether the provider is configured and where.</summary>
    protected abstract (string Provider, string? SimulatorPath, string? MissingKey, string Endpoint) Target();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (provider, simulator, missingKey, endpoint) = Target();
        if (simulator is not null)
            return HealthCheckResult.Healthy($"built-in {provider} simulator ({simulator})");
        if (missingKey is not null)
            return new HealthCheckResult(HealthStatus.Degraded, $"{missingKey} is not set: logging in with {provider} is unavailable");

        var uri = new Uri(endpoint);
        var where = $"{provider} endpoint {uri.Host}:{uri.Port}";
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(uri.Host, uri.Port, cancellationToken);
            return HealthCheckResult.Healthy($"{where}: reachable");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResults.Failed(context, $"{where}: unreachable ({CheckResults.Reason(ex)})", ex);
        }
    }
}

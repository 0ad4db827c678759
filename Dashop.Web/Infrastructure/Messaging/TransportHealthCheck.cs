using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>MassTransit's own bus check, its description prefixed with the transport in use.</summary>
internal sealed class TransportHealthCheck(IHealthCheck bus, string transport) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await bus.CheckHealthAsync(context, cancellationToken);
        return new HealthCheckResult(result.Status, $"{transport}: {result.Description}", result.Exception, result.Data);
    }
}

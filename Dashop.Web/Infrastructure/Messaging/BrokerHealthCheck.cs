using HealthChecks.RabbitMQ;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Dashop.Web.Infrastructure.Health;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>The RabbitMQ broker itself (the package's <see cref="RabbitMQHealthCheck"/> opens a channel), beside MassTransit's bus check.</summary>
public sealed class BrokerHealthCheck(RabbitMqCheckConnection broker, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await new RabbitMQHealthCheck(services, _ => broker.GetAsync(cancellationToken)).CheckHealthAsync(context, cancellationToken);
        return result.Status == HealthStatus.Healthy
            ? HealthCheckResult.Healthy(broker.Where)
            : CheckResults.Failed(context, $"{broker.Where}: {CheckResults.Reason(result.Exception)}", result.Exception);
    }
}

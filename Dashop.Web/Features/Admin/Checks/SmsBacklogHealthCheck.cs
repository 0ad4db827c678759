using System.Globalization;
using Dashop.Web.Infrastructure.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.Admin.Checks;

/// <summary>
/// In-memory bus only: how many SMS wait in the process for a consumer (decision 0006). Degraded when the backlog is
/// full, since new codes then wait for room; not a readiness check (the instance still serves every other request).
/// </summary>
public sealed class SmsBacklogHealthCheck(InMemoryBacklog backlog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = backlog.Waiting;
        var text = string.Create(CultureInfo.InvariantCulture, $"{waiting} of {backlog.Limit} SMS waiting in memory for a consumer");
        return Task.FromResult(waiting >= backlog.Limit
            ? HealthCheckResult.Degraded(text + "; new codes wait for room (Messaging:InMemoryBacklog)")
            : HealthCheckResult.Healthy(text));
    }
}

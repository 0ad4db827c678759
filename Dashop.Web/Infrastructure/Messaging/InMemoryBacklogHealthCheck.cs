using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>
/// In-memory bus only: how many messages (SMS codes, e-mails) wait in the process for a consumer (decision 0006).
/// Degraded when the backlog is full, since new messages then wait for room; not a readiness check (the instance still
/// serves every other request).
/// </summary>
public sealed class InMemoryBacklogHealthCheck(InMemoryBacklog backlog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = backlog.Waiting;
        var text = string.Create(CultureInfo.InvariantCulture, $"{waiting} of {backlog.Limit} messages waiting in memory for a consumer");
        return Task.FromResult(waiting >= backlog.Limit
            ? HealthCheckResult.Degraded(text + "; new messages wait for room (Messaging:InMemoryBacklog)")
            : HealthCheckResult.Healthy(text));
    }
}

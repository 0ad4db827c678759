using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Infrastructure.Telemetry;

/// <summary>
/// Keeps the last result of every health check for the <c>dashop.health</c> gauge, so that Prometheus can alert on a
/// dependency that is down (the admin page and the probes run the checks only when asked). The health check service
/// runs every check each <see cref="MetricsOptions.HealthPeriodSeconds"/> and hands the report here.
/// </summary>
public sealed class HealthMetricsPublisher : IHealthCheckPublisher
{
    private readonly ConcurrentDictionary<string, double> _statuses = new(StringComparer.Ordinal);

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
            _statuses[name] = Value(entry.Status);
        return Task.CompletedTask;
    }

    /// <summary>1 healthy, 0.5 degraded, 0 unhealthy.</summary>
    public static double Value(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 1,
        HealthStatus.Degraded => 0.5,
        _ => 0,
    };

    public IEnumerable<Measurement<double>> Statuses() =>
        _statuses.Select(s => new Measurement<double>(s.Value, new KeyValuePair<string, object?>("check", s.Key)));
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.Admin;

/// <summary>
/// The health report behind /admin/health, kept <see cref="Lifetime"/> per instance: every open tab refreshes every
/// 10 s, and each refresh must not probe SMTP, Ronglian and Weibo again. Callers arriving while a run is under way
/// wait for it rather than starting their own.
/// </summary>
public sealed class HealthReportCache(HealthCheckService checks, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthReport Report, DateTimeOffset At)? _last;

    public async Task<HealthReport> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } report)
            return report;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } other)
                return other;
            // The probes have their own timeouts; a tab closing must not cancel the run others wait for.
            var run = await checks.CheckHealthAsync(CancellationToken.None);
            _last = (run, time.GetUtcNow());
            return run;
        }
        finally
        {
            _gate.Release();
        }
    }

    private HealthReport? Fresh() => _last is { } last && time.GetUtcNow() - last.At < Lifetime ? last.Report : null;

    public void Dispose() => _gate.Dispose();
}

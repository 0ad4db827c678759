using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Retention;

/// <summary>
/// Deletes the rows of every <see cref="IRetentionRule"/> (delivery and sign-in records) older than <see cref="RetentionOptions.Days"/>: a pass
/// <see cref="RetentionOptions.StartDelayMinutes"/> after start, then one a day, on the <see cref="TimeProvider"/>'s
/// clock. Every instance wakes, but a pass runs only on the one that takes the day's <see cref="ILease"/>.
/// </summary>
public sealed partial class RetentionService(
    IServiceScopeFactory scopes,
    ILease lease,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>A little under a day, so that tomorrow's pass (which may wake slightly early) finds it free.</summary>
    private static readonly TimeSpan LeaseTime = Interval - TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Both clocks start now, so that the daily ticks do not drift by the length of each pass.
        using var daily = new PeriodicTimer(Interval, time);
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(options.Value.StartDelayMinutes), time, stoppingToken);
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Tomorrow's pass deletes what this one left.
                    LogFailed(logger, ex);
                }
            }
            while (await daily.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass of every rule, if this instance gets the lease; the rows each deleted, or null when another instance has it.</summary>
    public async Task<IReadOnlyDictionary<string, int>?> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!await lease.TryAcquireAsync("retention", LeaseTime))
        {
            LogSkipped(logger);
            return null;
        }
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.Days);
        var batch = options.Value.BatchSize;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var deleted = new Dictionary<string, int>();
        foreach (var rule in scope.ServiceProvider.GetServices<IRetentionRule>())
            deleted[rule.Rows] = await rule.DeleteOlderThanAsync(db, cutoff, batch, cancellationToken);
        LogDeleted(logger, string.Join(", ", deleted.Select(d => $"{d.Value} {d.Key}")), options.Value.Days);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Deleted} older than {Days} days")]
    private static partial void LogDeleted(ILogger logger, string deleted, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: another instance holds today's lease; nothing to do here")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention pass failed; the next one deletes what this one left")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

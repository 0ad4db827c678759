using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Retention;

/// <summary>
/// Deletes delivery and sign-in records older than <see cref="RetentionOptions.Days"/>: a pass
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

    /// <summary>One pass, if this instance gets the lease; the counts deleted, or null when another instance has it.</summary>
    public async Task<(int Deliveries, int SignIns)?> RunOnceAsync(CancellationToken cancellationToken)
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
        var deliveries = await DeleteInBatchesAsync(db.Deliveries.Where(d => d.CreatedAtUtc < cutoff).OrderBy(d => d.CreatedAtUtc).Select(d => d.Id),
            ids => db.Deliveries.Where(d => ids.Contains(d.Id)), batch, cancellationToken);
        var signIns = await DeleteInBatchesAsync(db.SignIns.Where(s => s.AtUtc < cutoff).OrderBy(s => s.Id).Select(s => s.Id),
            ids => db.SignIns.Where(s => ids.Contains(s.Id)), batch, cancellationToken);
        LogDeleted(logger, deliveries, signIns, options.Value.Days);
        return (deliveries, signIns);
    }

    /// <summary>Reads a batch of keys, deletes those rows, until a batch comes back short.</summary>
    private static async Task<int> DeleteInBatchesAsync<TRow, TKey>(IQueryable<TKey> oldKeys, Func<List<TKey>, IQueryable<TRow>> rows, int batch,
        CancellationToken cancellationToken) where TRow : class
    {
        var total = 0;
        while (true)
        {
            var ids = await oldKeys.Take(batch).ToListAsync(cancellationToken);
            if (ids.Count > 0)
                total += await rows(ids).ExecuteDeleteAsync(cancellationToken);
            if (ids.Count < batch)
                return total;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Deliveries} delivery records and {SignIns} sign-in records older than {Days} days")]
    private static partial void LogDeleted(ILogger logger, int deliveries, int signIns, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: another instance holds today's lease; nothing to do here")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention pass failed; the next one deletes what this one left")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Infrastructure.Retention;

/// <summary>
/// What a feature keeps only for <c>Retention:Days</c>: the daily pass asks every rule registered to delete its rows
/// older than the cutoff, in batches of <c>Retention:BatchSize</c> (a long transaction would hold SQLite's one write lock).
/// </summary>
public interface IRetentionRule
{
    /// <summary>What the rows are, for the log ("delivery records").</summary>
    string Rows { get; }

    Task<int> DeleteOlderThanAsync(DashopDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken);

    /// <summary>Deletes, a batch at a time, the rows whose keys <paramref name="oldKeys"/> yields (oldest first) until none is left.</summary>
    static async Task<int> DeleteInBatchesAsync<TRow, TKey>(IQueryable<TKey> oldKeys, Func<List<TKey>, IQueryable<TRow>> rows, int batch,
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
}

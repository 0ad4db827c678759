using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Infrastructure.Data;

/// <summary>
/// SQLite takes one writer at a time, and Microsoft.Data.Sqlite waits for a busy database by sleeping on the
/// calling thread (<c>Thread.Sleep</c> in its retry loop). Under load, hundreds of SMS consumers writing their
/// delivery rows at once put every thread-pool thread to sleep and the web requests queue behind them.
/// Writes that go through this gate wait their turn asynchronously instead. With PostgreSQL there is no gate.
/// </summary>
public sealed class DatabaseWriteGate(bool serialize)
{
    private readonly SemaphoreSlim? _gate = serialize ? new SemaphoreSlim(1, 1) : null;

    public async Task<int> SaveChangesAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (_gate is null)
            return await db.SaveChangesAsync(cancellationToken);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}

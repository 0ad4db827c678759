using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dashop.Web.Infrastructure.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock (its busy handler retries after 1, 2, 5, 10 ... ms) on every connection.
/// Without it, Microsoft.Data.Sqlite retries a busy statement after sleeping 150 ms on the calling thread, so two
/// writers meeting (a sign-in record and a batch of delivery rows, say) cost the loser 150 ms and a blocked thread:
/// under a login flood that was the p99 of every other request.
/// </summary>
public sealed class SqliteBusyTimeout(TimeSpan wait) : DbConnectionInterceptor
{
    /// <summary>As long as a command's default timeout in Microsoft.Data.Sqlite, which still bounds the whole statement.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)wait.TotalMilliseconds);
    }
}

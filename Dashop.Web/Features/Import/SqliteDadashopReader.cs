using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Dashop.Web.Features.Import;

/// <summary>A copy of a dadashop database in SQLite (Django's SQLite backend: the same tables and columns).</summary>
public sealed class SqliteDadashopReader(string connectionString) : DadashopReader
{
    /// <summary>Read-only: a mistyped path must fail, not create an empty database that imports nothing.</summary>
    protected override DbConnection CreateConnection() =>
        new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
}

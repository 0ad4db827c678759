using System.Data.Common;
using MySqlConnector;

namespace Dashop.Web.Features.Import;

/// <summary>A dadashop site's own database: MySQL or MariaDB, through MySqlConnector.</summary>
public sealed class MySqlDadashopReader(string connectionString) : DadashopReader
{
    protected override DbConnection CreateConnection()
    {
        // Django writes DATETIME(6) without an offset; zero dates would not convert to DateTime.
        var builder = new MySqlConnectionStringBuilder(connectionString) { ConvertZeroDateTime = true };
        return new MySqlConnection(builder.ConnectionString);
    }
}

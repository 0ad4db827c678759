using System.Data.Common;
using System.Globalization;

namespace Dashop.Web.Features.Import;

/// <summary>
/// Reads the two tables of a dadashop site in id order, one batch at a time (keyset paging, so a batch costs the same
/// at the end of a large table as at its start). The SQL is the same for MySQL/MariaDB and SQLite; the subclasses open
/// the connection. Every failure comes out as an <see cref="ImportSourceException"/>.
/// </summary>
public abstract class DadashopReader : IAsyncDisposable
{
    public const string UsersTable = "user_user_profile";
    public const string WeiboTable = "user_weibo_profile";

    private DbConnection? _connection;

    public static DadashopReader Create(DadashopProvider provider, string connectionString) => provider switch
    {
        DadashopProvider.MySql => new MySqlDadashopReader(connectionString),
        _ => new SqliteDadashopReader(connectionString),
    };

    protected abstract DbConnection CreateConnection();

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            _connection = CreateConnection();
            await _connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (IsSourceFailure(ex))
        {
            throw new ImportSourceException($"could not open the dadashop database: {ex.Message}", ex);
        }
    }

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) => CountAsync(UsersTable, cancellationToken);

    public Task<long> CountWeiboProfilesAsync(CancellationToken cancellationToken) => CountAsync(WeiboTable, cancellationToken);

    public Task<List<DadashopUserRow>> ReadUsersAsync(long afterId, int count, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT id, username, password, email, phone, is_active, created_time FROM {UsersTable} WHERE id > @after ORDER BY id LIMIT @count",
            afterId, count, r => new DadashopUserRow(
                Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
                Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4),
                !r.IsDBNull(5) && Convert.ToBoolean(r.GetValue(5), CultureInfo.InvariantCulture),
                r.GetDateTime(6)),
            cancellationToken);

    public Task<List<DadashopWeiboRow>> ReadWeiboProfilesAsync(long afterId, int count, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT id, wuid, access_token, user_profile_id, created_time, updated_time FROM {WeiboTable} WHERE id > @after ORDER BY id LIMIT @count",
            afterId, count, r => new DadashopWeiboRow(
                Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
                Text(r, 1), Text(r, 2),
                r.IsDBNull(3) ? null : Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture),
                r.GetDateTime(4), r.GetDateTime(5)),
            cancellationToken);

    private async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (IsSourceFailure(ex))
        {
            throw new ImportSourceException($"could not read {table}: {ex.Message}", ex);
        }
    }

    private async Task<List<T>> ReadAsync<T>(string sql, long afterId, int count, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = sql;
            AddParameter(command, "@after", afterId);
            AddParameter(command, "@count", count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>(count);
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(map(reader));
            return rows;
        }
        catch (Exception ex) when (IsSourceFailure(ex))
        {
            throw new ImportSourceException($"could not read the dadashop database: {ex.Message}", ex);
        }
    }

    private DbConnection Connection => _connection ?? throw new InvalidOperationException("OpenAsync first.");

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static bool IsSourceFailure(Exception ex) => ex is DbException or InvalidOperationException or FormatException or InvalidCastException or ArgumentException;

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

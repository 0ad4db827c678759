using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace Dashop.Web.Tests.Import;

/// <summary>
/// A dadashop database with the tutorial's two tables (Django's DDL for each backend), filled by the test.
/// One change to the tutorial's schema: <c>phone</c> is varchar(20), not varchar(11), so that rows typed with
/// <c>+86</c> and spaces fit (the importer must cope with them; SQLite does not enforce the length anyway).
/// </summary>
public sealed class DadashopSource : IAsyncDisposable
{
    private readonly string? _database;
    private readonly string? _file;

    public SourceKind Kind { get; }
    public string ConnectionString { get; }
    public string Provider => Kind == SourceKind.MariaDb ? "MySql" : "Sqlite";

    private DadashopSource(SourceKind kind, string connectionString, string? database, string? file)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _database = database;
        _file = file;
    }

    private static string MariaDbServer => TestServers.MariaDb;

    public static async Task<DadashopSource> CreateAsync(SourceKind kind)
    {
        if (kind == SourceKind.MariaDb)
        {
            var database = "dadashop_" + Guid.NewGuid().ToString("N")[..12];
            await ExecuteOnServerAsync($"CREATE DATABASE {database} CHARACTER SET utf8mb4");
            var source = new DadashopSource(kind, $"{MariaDbServer};Database={database}", database, null);
            await source.ExecuteAsync("""
                CREATE TABLE user_user_profile (
                  id integer AUTO_INCREMENT NOT NULL PRIMARY KEY,
                  created_time datetime(6) NOT NULL, updated_time datetime(6) NOT NULL,
                  username varchar(11) NOT NULL UNIQUE, password varchar(32) NOT NULL, email varchar(254) NOT NULL,
                  phone varchar(20) NOT NULL, is_active bool NOT NULL);
                CREATE TABLE user_weibo_profile (
                  id integer AUTO_INCREMENT NOT NULL PRIMARY KEY,
                  created_time datetime(6) NOT NULL, updated_time datetime(6) NOT NULL,
                  wuid varchar(10) NOT NULL UNIQUE, access_token varchar(32) NOT NULL, user_profile_id integer NULL UNIQUE,
                  CONSTRAINT user_weibo_profile_user_profile_id_fk FOREIGN KEY (user_profile_id) REFERENCES user_user_profile (id));
                """);
            return source;
        }

        var file = Path.Combine(Path.GetTempPath(), $"dadashop-{Guid.NewGuid():N}.sqlite3");
        var sqlite = new DadashopSource(kind, $"Data Source={file}", null, file);
        await sqlite.ExecuteAsync("""
            CREATE TABLE "user_user_profile" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "created_time" datetime NOT NULL,
              "updated_time" datetime NOT NULL, "username" varchar(11) NOT NULL UNIQUE, "password" varchar(32) NOT NULL,
              "email" varchar(254) NOT NULL, "phone" varchar(20) NOT NULL, "is_active" bool NOT NULL);
            CREATE TABLE "user_weibo_profile" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "created_time" datetime NOT NULL,
              "updated_time" datetime NOT NULL, "wuid" varchar(10) NOT NULL UNIQUE, "access_token" varchar(32) NOT NULL,
              "user_profile_id" integer NULL UNIQUE REFERENCES "user_user_profile" ("id") DEFERRABLE INITIALLY DEFERRED);
            """);
        return sqlite;
    }

    /// <summary>The tutorial's hash: unsalted MD5 of the UTF-8 password, lower-case hex.</summary>
    public static string Md5(string password) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password)));

    /// <summary>A user row as dadashop wrote it; <paramref name="created"/> is China time, as Django stored it.</summary>
    public Task AddUserAsync(long id, string username, string password, string email, string phone, bool active, string created = "2023-05-01 12:00:00") =>
        ExecuteAsync("INSERT INTO user_user_profile (id, created_time, updated_time, username, password, email, phone, is_active) VALUES (@id, @created, @created, @username, @password, @email, @phone, @active)",
            ("@id", id), ("@created", created), ("@username", username), ("@password", Md5(password)), ("@email", email), ("@phone", phone), ("@active", active ? 1 : 0));

    /// <summary>A Weibo row; <paramref name="userId"/> may name a user that does not exist (foreign keys off for this insert, as in a damaged copy).</summary>
    public Task AddWeiboAsync(long id, string wuid, string accessToken, long? userId, string time = "2023-06-01 09:30:00") =>
        ExecuteAsync((Kind == SourceKind.MariaDb ? "SET FOREIGN_KEY_CHECKS=0; " : "PRAGMA foreign_keys=OFF; ")
            + "INSERT INTO user_weibo_profile (id, created_time, updated_time, wuid, access_token, user_profile_id) VALUES (@id, @time, @time, @wuid, @token, @user)",
            ("@id", id), ("@time", time), ("@wuid", wuid), ("@token", accessToken), ("@user", (object?)userId ?? DBNull.Value));

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync();
    }

    private DbConnection Open() => Kind == SourceKind.MariaDb ? new MySqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new MySqlConnection(MariaDbServer);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_database}");
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }
}

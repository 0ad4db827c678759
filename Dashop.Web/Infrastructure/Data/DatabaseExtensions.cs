using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Infrastructure.Retention;

namespace Dashop.Web.Infrastructure.Data;

public static class DatabaseExtensions
{
    public static WebApplicationBuilder AddDashopDatabase(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("database"))
            return builder;
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.SectionName);
        var provider = builder.Configuration.Read<DatabaseOptions>(DatabaseOptions.SectionName).Provider;
        var connectionString = builder.Configuration.GetConnectionString("Dashop");

        // A feature that must see what is saved registers an IInterceptor (singleton): Account's token-status cache drops
        // an account whose stamp changes here.
        // The options are built once (Singleton): EF's default (Scoped) rebuilds them, warnings configuration and all,
        // for every request and every consumed message, which was a tenth of the CPU of an SMS code request.
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("ConnectionStrings:Dashop is required when Database:Provider is Postgres.");
            builder.Services.AddDbContext<DashopDbContext, PostgresDashopDbContext>((sp, o) => o.UseNpgsql(connectionString)
                .AddInterceptors(sp.GetServices<IInterceptor>()), optionsLifetime: ServiceLifetime.Singleton);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var dataPath = AppOptions.ResolveDataPath(builder.Configuration, builder.Environment);
                connectionString = $"Data Source={Path.Combine(dataPath, "dashop.db")}";
            }
            builder.Services.AddDbContext<DashopDbContext, SqliteDashopDbContext>((sp, o) => o.UseSqlite(connectionString)
                .AddInterceptors([new SqliteBusyTimeout(SqliteBusyTimeout.DefaultWait), .. sp.GetServices<IInterceptor>()]),
                optionsLifetime: ServiceLifetime.Singleton);
        }

        builder.AddDashopRetention();
        builder.Services.AddReadinessCheck<DatabaseHealthCheck>("database");
        builder.Services.AddSingleton(new RunMode.Concern("database", provider == DatabaseProvider.Postgres
            ? "PostgreSQL"
            : $"SQLite ({new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource})"));
        return builder;
    }

    /// <summary>Applies pending migrations. EF Core takes a database lock while migrating, so instances may start together.</summary>
    public static async Task MigrateDashopDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        if (db.Database.IsNpgsql())
        {
            await MigratePostgresAsync(db, cancellationToken);
            return;
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// Instances that start together on an empty PostgreSQL database would both create it and both run the
    /// migrations (EF's own lock lives in a table the first migration creates). An advisory lock makes them take turns.
    /// </summary>
    private static async Task MigratePostgresAsync(DashopDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another instance created it first.
            }
        }

        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(72430110)", connection))
            await take.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(72430110)", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Dashop.Web.Infrastructure.Health;

namespace Dashop.Web.Infrastructure.Data;

/// <summary>Can the process reach its database? (EF Core's <c>CanConnectAsync</c>, in a scope of its own.)</summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var connection = db.Database.GetDbConnection();
        // DataSource is the SQLite file or PostgreSQL's tcp://host:port: never the password.
        var where = db.Database.IsSqlite()
            ? $"SQLite ({connection.DataSource})"
            : $"PostgreSQL ({connection.DataSource}, database {connection.Database})";

        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy(where)
            : CheckResults.Failed(context, $"{where}: cannot connect");
    }
}

using System.Data.Common;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.WeiboLogin;

/// <summary>
/// When armed, makes the database fail the statement that links a Weibo account to a user: for a new account that is
/// after the user row was inserted, in the same transaction. Added through DI only; production code has no test hooks.
/// </summary>
public sealed class FailingLinkInterceptor : DbCommandInterceptor
{
    private int _armed;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public int Failures { get; private set; }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("UPDATE \"ExternalLogins\"", StringComparison.Ordinal)
            && command.CommandText.Contains("\"UserId\" IS NULL", StringComparison.Ordinal)
            && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Failures++;
            throw new InjectedDatabaseFailure();
        }
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    /// <summary>The Dashop host of a fixture, with this interceptor in its DbContext.</summary>
    public WebApplicationFactory<Program> AddTo(WebApplicationFactory<Program> factory) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<SqliteDashopDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<PostgresDashopDbContext>(o => o.AddInterceptors(this));
        }));
}

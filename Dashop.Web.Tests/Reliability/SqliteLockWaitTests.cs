using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Reliability;

/// <summary>
/// Two SQLite writers meeting (a sign-in record and a batch of delivery rows) must not cost the second one
/// Microsoft.Data.Sqlite's 150 ms retry sleep: every connection the app opens lets SQLite's own busy handler wait in
/// short steps (issue 12 point 2: the login flood's p99).
/// </summary>
public sealed class SqliteLockWaitTests
{
    [Test]
    public async Task Every_connection_the_app_opens_waits_for_the_write_lock_in_sqlite_itself()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null);
        for (var i = 0; i < 2; i++) // the second scope gets the pooled connection back: it must keep the setting
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
            var timeouts = await db.Database.SqlQueryRaw<long>("PRAGMA busy_timeout").ToListAsync();
            Assert.That(timeouts, Is.EqualTo(new[] { (long)SqliteBusyTimeout.DefaultWait.TotalMilliseconds }), $"scope {i + 1}");
        }
    }
}

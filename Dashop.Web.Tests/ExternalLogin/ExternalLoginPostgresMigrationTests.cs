using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// Spec §15 on PostgreSQL (the scale-out database): a site upgraded from before the one external-login table keeps its
/// Weibo links and its imported dadashop links, and the app, started on that database (it migrates at start, as in
/// production), signs the Weibo account in to the same account. <see cref="ExternalLoginMigrationTests"/> is the SQLite twin.
/// </summary>
[Category(TestCategories.Servers)]
public sealed class ExternalLoginPostgresMigrationTests
{
    private const string BeforeExternalLogins = "20261130052648_AccountLifecycle";

    [Test]
    public async Task Weibo_links_and_imported_dadashop_links_move_into_the_external_login_table_and_the_Weibo_sign_in_still_finds_the_account()
    {
        var database = "dashop_migration_" + Guid.NewGuid().ToString("N")[..12];
        var connection = $"{TestServers.Postgres};Database={database}";
        try
        {
            var options = new DbContextOptionsBuilder<PostgresDashopDbContext>().UseNpgsql(connection).Options;
            await using (var db = new PostgresDashopDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync(BeforeExternalLogins);
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "CreatedAtUtc")
                    VALUES ('user-1', 'alice', 'ALICE', true, true, false, true, 0, '2026-11-01 00:00:00+00'),
                           ('user-2', 'imported', 'IMPORTED', true, true, false, true, 0, '2020-05-01 00:00:00+00');
                    INSERT INTO "WeiboProfiles" ("Wuid", "UserId", "ScreenName", "AvatarUrl", "ProtectedAccessToken", "AccessTokenExpiresAtUtc", "CreatedAtUtc", "UpdatedAtUtc", "BoundAtUtc", "LegacyId")
                    VALUES ('1000000001', 'user-1', '微博用户', 'https://tvax1.sinaimg.cn/a.jpg', 'protected-1', '2027-01-01 00:00:00+00', '2026-11-01 00:00:00+00', '2026-11-02 00:00:00+00', '2026-11-02 00:00:00+00', NULL),
                           ('1000000002', 'user-2', 'From dadashop', NULL, 'protected-2', '2027-01-01 00:00:00+00', '2020-05-01 00:00:00+00', '2020-05-01 00:00:00+00', '2020-05-01 00:00:00+00', 7),
                           ('1000000003', NULL, 'Unbound', NULL, 'protected-3', '2027-01-01 00:00:00+00', '2026-11-01 00:00:00+00', '2026-11-01 00:00:00+00', NULL, NULL);
                    """);
            }

            await using var app = new DashopFactory(Backend.Postgres, null, new Dictionary<string, string?> { ["ConnectionStrings:Dashop"] = connection });
            await using var scope = app.Services.CreateAsyncScope();
            var migrated = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
            Assert.That(await migrated.Database.GetPendingMigrationsAsync(), Is.Empty, "the app migrated the database at start");
            var rows = await migrated.Set<ExternalAccount>().AsNoTracking().OrderBy(a => a.Subject).ToListAsync();
            Assert.That(rows, Has.Count.EqualTo(3));
            Assert.Multiple(() =>
            {
                Assert.That(rows.Select(r => r.Provider), Is.All.EqualTo("Weibo"));
                Assert.That(rows.Select(r => (r.Subject, r.UserId)), Is.EqualTo(new[] { ("1000000001", "user-1"), ("1000000002", "user-2"), ("1000000003", (string?)null) }));
                Assert.That(rows[0].DisplayName, Is.EqualTo("微博用户"));
                Assert.That(rows[0].ProtectedAccessToken, Is.EqualTo("protected-1"), "the token moves as it was: the same Data Protection purpose reads it");
                Assert.That(rows[0].BoundAtUtc, Is.EqualTo(new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc)));
                Assert.That(rows[1].LegacyId, Is.EqualTo(7), "an imported link keeps its dadashop id, so a rerun of the import skips it");
                Assert.That(rows[1].CreatedAtUtc, Is.EqualTo(new DateTime(2020, 5, 1, 0, 0, 0, DateTimeKind.Utc)));
            });

            var logins = scope.ServiceProvider.GetRequiredService<ExternalLoginService>();
            foreach (var (subject, userId) in new[] { ("1000000001", "user-1"), ("1000000002", "user-2") })
            {
                var signedIn = await logins.RecordLoginAsync(new ExternalSignIn("Weibo", subject, "token-" + subject, DateTimeOffset.UtcNow.AddDays(1), "Weibo " + subject),
                    CancellationToken.None);
                Assert.That((signedIn.Succeeded, signedIn.Value?.Id), Is.EqualTo((true, userId)), $"Weibo {subject} signs in to its account");
            }
            var unbound = await logins.RecordLoginAsync(new ExternalSignIn("Weibo", "1000000003", "token-3", DateTimeOffset.UtcNow.AddDays(1)), CancellationToken.None);
            Assert.That((unbound.Succeeded, unbound.Value), Is.EqualTo((true, (Dashop.Web.Infrastructure.Data.DashopUser?)null)), "an unlinked Weibo account goes on to the bind page");
            Assert.That(await migrated.Set<ExternalAccount>().CountAsync(), Is.EqualTo(3), "signing in made no second row");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(TestServers.Postgres + ";Database=postgres");
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

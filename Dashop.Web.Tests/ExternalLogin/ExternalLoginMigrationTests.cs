using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>Spec §15: the migration to the one external-login table moves Weibo's links (imported ones too) and keeps them working.</summary>
public sealed class ExternalLoginMigrationTests
{
    private const string BeforeExternalLogins = "20261130052616_AccountLifecycle";

    [Test]
    public async Task Weibo_links_and_imported_dadashop_links_move_into_the_external_login_table()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("dashop-migration-").FullName, "dashop.db");
        var options = new DbContextOptionsBuilder<SqliteDashopDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var db = new SqliteDashopDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforeExternalLogins);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "CreatedAtUtc")
                VALUES ('user-1', 'alice', 'ALICE', 1, 1, 0, 1, 0, '2026-11-01 00:00:00');
                INSERT INTO "WeiboProfiles" ("Wuid", "UserId", "ScreenName", "AvatarUrl", "ProtectedAccessToken", "AccessTokenExpiresAtUtc", "CreatedAtUtc", "UpdatedAtUtc", "BoundAtUtc", "LegacyId")
                VALUES ('1000000001', 'user-1', '微博用户', 'https://tvax1.sinaimg.cn/a.jpg', 'protected-1', '2027-01-01 00:00:00', '2026-11-01 00:00:00', '2026-11-02 00:00:00', '2026-11-02 00:00:00', 7),
                       ('1000000002', NULL, 'Unbound', NULL, 'protected-2', '2027-01-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00', NULL, NULL);
                """);
            await db.Database.MigrateAsync();
        }
        await using (var db = new SqliteDashopDbContext(options))
        {
            var rows = await db.Set<ExternalAccount>().AsNoTracking().OrderBy(a => a.Subject).ToListAsync();
            Assert.That(rows, Has.Count.EqualTo(2));
            Assert.Multiple(() =>
            {
                Assert.That(rows.Select(r => r.Provider), Is.All.EqualTo("Weibo"));
                Assert.That(rows[0].Subject, Is.EqualTo("1000000001"));
                Assert.That(rows[0].UserId, Is.EqualTo("user-1"));
                Assert.That(rows[0].DisplayName, Is.EqualTo("微博用户"));
                Assert.That(rows[0].ProtectedAccessToken, Is.EqualTo("protected-1"), "the token stays readable: the same Data Protection purpose");
                Assert.That(rows[0].LegacyId, Is.EqualTo(7), "an imported link keeps its dadashop id, so a rerun of the import skips it");
                Assert.That(rows[1].UserId, Is.Null);
                Assert.That(ExternalLoginService.TokenProtectionPurpose("Weibo"), Is.EqualTo("Dashop.Weibo.AccessToken.v1"));
            });
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashop.Web.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExternalLogins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ExternalLogins",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    UnionId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    AppId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AvatarUrl = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    ProtectedAccessToken = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    ProtectedRefreshToken = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    AccessTokenExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BoundAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LegacyId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExternalLogins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExternalLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExternalLogins_Provider_LegacyId",
                table: "ExternalLogins",
                columns: new[] { "Provider", "LegacyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExternalLogins_Provider_Subject",
                table: "ExternalLogins",
                columns: new[] { "Provider", "Subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExternalLogins_Provider_UnionId",
                table: "ExternalLogins",
                columns: new[] { "Provider", "UnionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExternalLogins_UserId_Provider",
                table: "ExternalLogins",
                columns: new[] { "UserId", "Provider" },
                unique: true);

            // Weibo's links (and the dadashop links import-dadashop brought) move into the one table: same uid, account,
            // token (encrypted with the same Data Protection purpose), times and dadashop id, so they keep working.
            migrationBuilder.Sql("""
                INSERT INTO "ExternalLogins" ("Provider", "Subject", "UserId", "DisplayName", "AvatarUrl", "ProtectedAccessToken", "AccessTokenExpiresAtUtc", "CreatedAtUtc", "UpdatedAtUtc", "BoundAtUtc", "LegacyId")
                SELECT 'Weibo', "Wuid", "UserId", "ScreenName", "AvatarUrl", "ProtectedAccessToken", "AccessTokenExpiresAtUtc", "CreatedAtUtc", "UpdatedAtUtc", "BoundAtUtc", "LegacyId"
                FROM "WeiboProfiles" ORDER BY "Id";
                """);

            migrationBuilder.DropTable(
                name: "WeiboProfiles");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WeiboProfiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: true),
                    AccessTokenExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AvatarUrl = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    BoundAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LegacyId = table.Column<long>(type: "INTEGER", nullable: true),
                    ProtectedAccessToken = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    ScreenName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Wuid = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeiboProfiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeiboProfiles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WeiboProfiles_LegacyId",
                table: "WeiboProfiles",
                column: "LegacyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeiboProfiles_UserId",
                table: "WeiboProfiles",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeiboProfiles_Wuid",
                table: "WeiboProfiles",
                column: "Wuid",
                unique: true);

            // Back to Weibo's own table: its rows only (other providers' links have no place there).
            migrationBuilder.Sql("""
                INSERT INTO "WeiboProfiles" ("Wuid", "UserId", "ScreenName", "AvatarUrl", "ProtectedAccessToken", "AccessTokenExpiresAtUtc", "CreatedAtUtc", "UpdatedAtUtc", "BoundAtUtc", "LegacyId")
                SELECT "Subject", "UserId", "DisplayName", "AvatarUrl", "ProtectedAccessToken", "AccessTokenExpiresAtUtc", "CreatedAtUtc", "UpdatedAtUtc", "BoundAtUtc", "LegacyId"
                FROM "ExternalLogins" WHERE "Provider" = 'Weibo' AND length("Subject") <= 32 AND length("ProtectedAccessToken") <= 2048 ORDER BY "Id";
                """);

            migrationBuilder.DropTable(
                name: "ExternalLogins");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashop.Web.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DadashopImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LegacyId",
                table: "WeiboProfiles",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LegacyId",
                table: "AspNetUsers",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WeiboProfiles_LegacyId",
                table: "WeiboProfiles",
                column: "LegacyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_LegacyId",
                table: "AspNetUsers",
                column: "LegacyId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WeiboProfiles_LegacyId",
                table: "WeiboProfiles");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_LegacyId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "LegacyId",
                table: "WeiboProfiles");

            migrationBuilder.DropColumn(
                name: "LegacyId",
                table: "AspNetUsers");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Dashop.Web.Infrastructure.Data;

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDashopDbContext>
{
    public PostgresDashopDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDashopDbContext>().UseNpgsql("Host=localhost;Database=dashop_design").Options);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Dashop.Web.Infrastructure.Data;

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDashopDbContext>
{
    public SqliteDashopDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDashopDbContext>().UseSqlite("Data Source=design.db").Options);
}

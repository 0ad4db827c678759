using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Infrastructure.Data;

public sealed class SqliteDashopDbContext(DbContextOptions<SqliteDashopDbContext> options) : DashopDbContext(options);

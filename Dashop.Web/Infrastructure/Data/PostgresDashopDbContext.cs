using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Infrastructure.Data;

public sealed class PostgresDashopDbContext(DbContextOptions<PostgresDashopDbContext> options) : DashopDbContext(options);

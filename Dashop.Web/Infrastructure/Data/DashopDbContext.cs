using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Infrastructure.Data;

/// <summary>
/// The one model. Each database provider has a subclass only so that it can keep its own migrations.
/// </summary>
public abstract class DashopDbContext(DbContextOptions options) : IdentityDbContext<DashopUser>(options)
{
    public DbSet<Delivery> Deliveries => Set<Delivery>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<DashopUser>(user =>
        {
            user.HasIndex(u => u.PhoneNumber).IsUnique();
            user.Property(u => u.PhoneNumber).HasMaxLength(20);
            user.Property(u => u.UserName).HasMaxLength(64);
            user.Property(u => u.NormalizedUserName).HasMaxLength(64);
        });

        builder.Entity<Delivery>(delivery =>
        {
            delivery.Property(d => d.Provider).HasMaxLength(32);
            delivery.Property(d => d.MaskedRecipient).HasMaxLength(254);
            delivery.Property(d => d.ProviderMessageId).HasMaxLength(128);
            delivery.Property(d => d.ErrorCode).HasMaxLength(32);
            delivery.Property(d => d.Error).HasMaxLength(512);
            delivery.HasIndex(d => d.CreatedAtUtc);
        });
    }
}

public sealed class SqliteDashopDbContext(DbContextOptions<SqliteDashopDbContext> options) : DashopDbContext(options);

public sealed class PostgresDashopDbContext(DbContextOptions<PostgresDashopDbContext> options) : DashopDbContext(options);

using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Infrastructure.Data;

/// <summary>
/// The one model: Identity's tables, the account and the delivery records every channel shares. A feature's own tables
/// come from its <see cref="IEntityTypeConfiguration{TEntity}"/> in this assembly (the sign-in records of SignIn, ...),
/// which the feature reads and writes through <c>Set&lt;T&gt;()</c>. Each database provider has a subclass only so
/// that it can keep its own migrations.
/// </summary>
public abstract class DashopDbContext(DbContextOptions options) : IdentityDbContext<DashopUser>(options)
{
    public DbSet<Delivery> Deliveries => Set<Delivery>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DashopDbContext).Assembly);

        builder.Entity<DashopUser>(user =>
        {
            user.HasIndex(u => u.PhoneNumber).IsUnique();
            user.Property(u => u.PhoneNumber).HasMaxLength(20);
            user.Property(u => u.UserName).HasMaxLength(64);
            user.Property(u => u.NormalizedUserName).HasMaxLength(64);
            user.Property(u => u.TermsVersion).HasMaxLength(32);
            user.HasIndex(u => u.LegacyId).IsUnique();
        });

        builder.Entity<Delivery>(delivery =>
        {
            delivery.Property(d => d.Provider).HasMaxLength(32);
            delivery.Property(d => d.MaskedRecipient).HasMaxLength(254);
            delivery.Property(d => d.ProviderMessageId).HasMaxLength(128);
            delivery.Property(d => d.ErrorCode).HasMaxLength(32);
            delivery.Property(d => d.Error).HasMaxLength(512);
            delivery.Property(d => d.RecipientKey).HasMaxLength(64);
            delivery.Property(d => d.Purpose).HasMaxLength(32);
            delivery.HasIndex(d => d.CreatedAtUtc);
            delivery.HasIndex(d => d.RecipientKey);
        });

    }
}

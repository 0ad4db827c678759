using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Infrastructure.Data;

/// <summary>
/// The one model: the shared tables here, each feature's own through its entity configuration. Each database provider has a subclass only so that it can keep its own migrations.
/// </summary>
public abstract class DashopDbContext(DbContextOptions options) : IdentityDbContext<DashopUser>(options)
{
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<SignInRecord> SignIns => Set<SignInRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

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

        builder.Entity<SignInRecord>(signIn =>
        {
            signIn.ToTable("SignIns");
            signIn.Property(s => s.Ip).HasMaxLength(64);
            signIn.Property(s => s.Method).HasConversion<string>().HasMaxLength(16);
            signIn.Property(s => s.Result).HasConversion<string>().HasMaxLength(16);
            signIn.HasIndex(s => s.AtUtc);
            signIn.HasIndex(s => new { s.UserId, s.AtUtc });
            signIn.HasOne<DashopUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        // Each feature's own tables (its IEntityTypeConfiguration), without this model naming them.
        builder.ApplyConfigurationsFromAssembly(typeof(DashopDbContext).Assembly);
    }
}

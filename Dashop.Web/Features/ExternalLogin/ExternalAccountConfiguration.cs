using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>The external-login table's shape and its rules, applied by the DbContext with the other features' configurations.</summary>
public sealed class ExternalAccountConfiguration : IEntityTypeConfiguration<ExternalAccount>
{
    public const string Table = "ExternalLogins";

    public void Configure(EntityTypeBuilder<ExternalAccount> builder)
    {
        builder.ToTable(Table);
        builder.Property(a => a.Provider).HasMaxLength(ExternalAccount.ProviderMaxLength);
        builder.Property(a => a.Subject).HasMaxLength(ExternalAccount.SubjectMaxLength);
        builder.Property(a => a.UnionId).HasMaxLength(ExternalAccount.SubjectMaxLength);
        builder.Property(a => a.AppId).HasMaxLength(64);
        // One provider account to at most one Dashop account; the same person across a provider's apps is one row.
        builder.HasIndex(a => new { a.Provider, a.Subject }).IsUnique();
        builder.HasIndex(a => new { a.Provider, a.UnionId }).IsUnique();
        // One account of each provider per Dashop account; NULLs (not linked yet) do not collide.
        builder.HasIndex(a => new { a.UserId, a.Provider }).IsUnique();
        builder.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.DisplayName).HasMaxLength(100);
        builder.Property(a => a.AvatarUrl).HasMaxLength(1024);
        builder.Property(a => a.ProtectedAccessToken).HasMaxLength(4096);
        builder.Property(a => a.ProtectedRefreshToken).HasMaxLength(4096);
        builder.HasIndex(a => new { a.Provider, a.LegacyId }).IsUnique();
    }
}

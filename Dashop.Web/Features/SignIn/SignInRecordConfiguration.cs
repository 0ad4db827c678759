using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashop.Web.Features.SignIn;

/// <summary>The <c>SignIns</c> table: the sign-in records of this feature, applied by <see cref="DashopDbContext"/> with the others.</summary>
public sealed class SignInRecordConfiguration : IEntityTypeConfiguration<SignInRecord>
{
    public void Configure(EntityTypeBuilder<SignInRecord> builder)
    {
        builder.ToTable("SignIns");
        builder.Property(s => s.Ip).HasMaxLength(64);
        builder.Property(s => s.Method).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Result).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => s.AtUtc);
        builder.HasIndex(s => new { s.UserId, s.AtUtc });
        builder.HasOne<DashopUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

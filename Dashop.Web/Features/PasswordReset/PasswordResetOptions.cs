using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.PasswordReset;

public sealed class PasswordResetOptions
{
    public const string SectionName = "PasswordReset";

    /// <summary>How long a reset link works (spec §11: one hour).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00", ErrorMessage = "PasswordReset:LinkLifetime must be between 00:05:00 and 1.00:00:00.")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Reset e-mails one address may be sent in a (China) day.</summary>
    [Range(1, 100, ErrorMessage = "PasswordReset:MaxEmailsPerAddressPerDay must be between 1 and 100.")]
    public int MaxEmailsPerAddressPerDay { get; set; } = 5;

    /// <summary>Reset e-mails one client IP may ask for in an hour.</summary>
    [Range(1, 10000, ErrorMessage = "PasswordReset:MaxEmailsPerIpPerHour must be between 1 and 10000.")]
    public int MaxEmailsPerIpPerHour { get; set; } = 20;
}

using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Security;

public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Password hashes computed at once; the rest wait (spec §14). Default: every core but one.</summary>
    [Range(1, 1024, ErrorMessage = "Security:PasswordHashConcurrency must be between 1 and 1024.")]
    public int PasswordHashConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>How long a request waits for a hashing slot before it is told "busy, try again".</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Security:PasswordHashWait must be between 00:00:00 and 00:10:00.")]
    public TimeSpan PasswordHashWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a proof given in a session (the current password or a <c>reauth</c> SMS code) lets that session do the
    /// actions that need re-authentication (spec §15: linking a sign-in provider, ...).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00", ErrorMessage = "Security:ReauthenticationWindow must be between 00:00:30 and 1.00:00:00.")]
    public TimeSpan ReauthenticationWindow { get; set; } = TimeSpan.FromMinutes(5);
}

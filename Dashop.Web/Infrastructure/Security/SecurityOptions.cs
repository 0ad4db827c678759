using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Security;

public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>OWASP's current minimum for PBKDF2-HMAC-SHA512 (Identity's v3 format uses HMAC-SHA512): the default, and the floor outside Development.</summary>
    public const int DefaultPasswordHashIterations = 210_000;

    /// <summary>
    /// PBKDF2 iterations of every new password hash (a stored hash keeps the count it was made with). Below
    /// <see cref="DefaultPasswordHashIterations"/> only in Development, where the test hosts hash thousands of passwords
    /// on two cores; 1,000 (NIST SP 800-132's floor) even there.
    /// </summary>
    [Range(1_000, int.MaxValue, ErrorMessage = "Security:PasswordHashIterations must be at least 1000.")]
    public int PasswordHashIterations { get; set; } = DefaultPasswordHashIterations;

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

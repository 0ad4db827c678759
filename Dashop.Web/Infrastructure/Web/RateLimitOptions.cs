using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Web;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests that check a password (login, register, bind) per client address per minute, per instance.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PasswordAttemptsPerMinutePerIp must be between 1 and 1000000.")]
    public int PasswordAttemptsPerMinutePerIp { get; set; } = 30;
}

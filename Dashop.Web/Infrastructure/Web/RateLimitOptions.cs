using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Web;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests that check a password (login, register, bind) per client address per minute, per instance.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PasswordAttemptsPerMinutePerIp must be between 1 and 1000000.")]
    public int PasswordAttemptsPerMinutePerIp { get; set; } = 30;

    /// <summary>Posts of the signed-in account pages (<c>/account</c>) one account may make per minute, per instance.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:AccountPostsPerMinute must be between 1 and 1000000.")]
    public int AccountPostsPerMinute { get; set; } = 10;

    /// <summary>Posts of the signed-in account pages per client address per minute, whatever the account, per instance.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:AccountPostsPerMinutePerIp must be between 1 and 1000000.")]
    public int AccountPostsPerMinutePerIp { get; set; } = 30;
}

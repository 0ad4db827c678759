using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Security;

public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>HS256 key for the front end's tokens; also the root from which other keyed hashes are derived.</summary>
    [Required(ErrorMessage = "Jwt:SigningKey is required (at least 32 characters; set it through an environment variable or user-secrets).")]
    [MinLength(32, ErrorMessage = "Jwt:SigningKey must be at least 32 characters long.")]
    public string SigningKey { get; set; } = "";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(1);
}

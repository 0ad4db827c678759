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

    /// <summary>
    /// How long <c>GET /v1/tokens/status</c> may answer from an account's stamp read earlier (0: never). A stamp change on
    /// this instance takes effect at once; on another instance within these seconds. At most 60 (§11: cookies within a minute).
    /// </summary>
    [Range(0, 60, ErrorMessage = "Jwt:StatusStampCacheSeconds must be between 0 and 60.")]
    public int StatusStampCacheSeconds { get; set; } = 5;
}

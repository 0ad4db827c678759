using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Caching;

public sealed class CacheOptions
{
    public const string SectionName = "Cache";

    /// <summary>Prefix of every Redis key, so that deployments (or test runs) can share one Redis.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Cache:InstanceName must not be empty.")]
    [RegularExpression(@"^[^\s{}]+$", ErrorMessage = "Cache:InstanceName may not hold spaces or braces.")]
    public string InstanceName { get; set; } = "dashop:";
}

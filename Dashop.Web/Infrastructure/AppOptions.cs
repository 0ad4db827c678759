using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure;

public sealed class AppOptions
{
    public const string SectionName = "App";

    /// <summary>Absolute base address used in links that leave the site (activation e-mails).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5114";

    /// <summary>Folder for the SQLite file, the dev inbox and local data-protection keys; relative to the content root.</summary>
    [Required]
    public string DataPath { get; set; } = "App_Data";

    public static string ResolveDataPath(IConfiguration configuration, IHostEnvironment environment)
    {
        var path = configuration[$"{SectionName}:{nameof(DataPath)}"];
        if (string.IsNullOrWhiteSpace(path))
            path = "App_Data";
        var full = Path.GetFullPath(Path.Combine(environment.ContentRootPath, path));
        Directory.CreateDirectory(full);
        return full;
    }
}

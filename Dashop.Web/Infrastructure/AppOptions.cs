using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure;

public sealed class AppOptions
{
    public const string SectionName = "App";

    /// <summary>Absolute base address used in links that leave the site (activation e-mails).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5114";

    /// <summary>
    /// Production refuses an <c>http</c> <see cref="PublicBaseUrl"/> unless this is set (benches, tests, a local compose): links
    /// in e-mails and cookies would then travel in clear.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>The site is served over HTTPS: cookies are Secure, HTTP redirects to HTTPS, HSTS is sent.</summary>
    public bool UsesHttps => PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

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

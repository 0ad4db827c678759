namespace Dashop.Web.Infrastructure;

public static class ConfigurationLists
{
    /// <summary>
    /// A list given either as an array (<c>Key:0</c>, <c>Key__0</c>, a JSON array) or as one value separated by commas,
    /// semicolons or spaces (one environment variable).
    /// </summary>
    public static string[] Read(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        return section.Get<string[]>() is { Length: > 0 } items
            ? items
            : (section.Value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}

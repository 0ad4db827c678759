using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Dashop.Web.Tests.Support;

/// <summary>The configuration keys Dashop.Web binds: found by reflection and in its source, so that keys added later are found too.</summary>
public static partial class ConfigurationKeys
{
    /// <summary>
    /// Every public settable property of every options class (a type with a <c>SectionName</c> constant), nested option
    /// objects followed down (<c>Section:Object:Property</c>). A dictionary or list is one key whose entries are below it.
    /// </summary>
    public static IReadOnlySet<string> BoundByOptions()
    {
        var keys = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                && field.GetRawConstantValue() is string section)
                AddProperties(type, section, keys, depth: 0);
        }
        return keys;
    }

    /// <summary>Keys named by a string literal where the code reads configuration directly.</summary>
    public static IReadOnlySet<string> ReadDirectly()
    {
        var keys = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in RepositoryFiles.Tracked().Where(f => f.StartsWith("Dashop.Web/", StringComparison.Ordinal) && f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var source = RepositoryFiles.Read(file);
            foreach (Match match in ConnectionString().Matches(source))
                keys.Add("ConnectionStrings:" + match.Groups[1].Value);
            foreach (Match match in DirectKey().Matches(source))
                keys.Add(match.Groups[1].Value);
        }
        return keys;
    }

    public static IReadOnlySet<string> All()
    {
        var keys = new SortedSet<string>(BoundByOptions(), StringComparer.OrdinalIgnoreCase);
        keys.UnionWith(ReadDirectly());
        return keys;
    }

    private static void AddProperties(Type type, string prefix, SortedSet<string> keys, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0))
        {
            var key = $"{prefix}:{property.Name}";
            if (IsOptionObject(property.PropertyType) && depth < 5)
                AddProperties(property.PropertyType, key, keys, depth + 1);
            else
                keys.Add(key);
        }
    }

    /// <summary>A class the binder fills property by property (not a value, a string or a collection).</summary>
    private static bool IsOptionObject(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.SetMethod is { IsPublic: true });

    [GeneratedRegex("""GetConnectionString\(\s*"([^"]+)"\s*\)""")]
    private static partial Regex ConnectionString();

    [GeneratedRegex("""(?:Configuration|configuration)(?:\[\s*|\.GetValue<[^>]+>\(\s*|\.GetSection\(\s*)"([^"]+)"\s*[\],)]""")]
    private static partial Regex DirectKey();
}

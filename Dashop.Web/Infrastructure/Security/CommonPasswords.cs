using System.Collections.Frozen;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// The 30,000 most common passwords (zxcvbn's list; source and licence in common-passwords.txt, an embedded resource),
/// read once into a set that ignores case.
/// </summary>
public static class CommonPasswords
{
    public const string ResourceName = "Dashop.Web.common-passwords.txt";

    /// <summary>English resource key of the answer; the field is <c>password</c>.</summary>
    public const string Message = "This password is too common; please choose another.";

    private static readonly Lazy<FrozenSet<string>> Set = new(Load);

    public static int Count => Set.Value.Count;

    public static bool Contains(string? password) => !string.IsNullOrEmpty(password) && Set.Value.Contains(password);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>(30_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
                passwords.Add(line);
        }
        return passwords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}

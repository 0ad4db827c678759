using System.Globalization;
using System.Text;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// Unicode UTS #39 mixed-script detection for usernames (§5.1 resolved script sets, §5.2 "Highly Restrictive"): a name's
/// letters and digits are of one script, or of Latin with Chinese, Japanese or Korean (Latin + Han + Hiragana + Katakana,
/// Latin + Han + Bopomofo, Latin + Han + Hangul). So <c>аdmin</c> with a Cyrillic <c>а</c> is refused, <c>张san</c> is not.
/// NFKC (<see cref="UsernameNormalizer"/>) cannot catch it: it maps compatibility forms, not scripts. The Script_Extensions
/// of letters and digits come from username-scripts.txt (an embedded resource made from the Unicode data by
/// scripts/username-scripts.py); Common and Inherited characters take no part.
/// </summary>
public static class UsernameScripts
{
    public const string ResourceName = "Dashop.Web.username-scripts.txt";

    private const string Common = "Zyyy";
    private const string Inherited = "Zinh";
    private const string Unknown = "Zzzz";

    private static readonly string[][] AllowedMixes =
    [
        ["Latn", "Hani", "Hira", "Kana"],
        ["Latn", "Hani", "Bopo"],
        ["Latn", "Hani", "Hang"],
    ];

    private static readonly Lazy<Table> Data = new(Load);

    /// <summary>The Script_Extensions of a code point as 4-letter codes (<c>Zyyy</c> for Common, <c>Zzzz</c> when unknown).</summary>
    public static IReadOnlyList<string> Of(int codePoint)
    {
        var table = Data.Value;
        var i = Array.BinarySearch(table.Starts, codePoint);
        if (i < 0)
            i = ~i - 1;
        if (i < 0 || codePoint > table.Ends[i])
            return IsLetterOrDigit(codePoint) ? [Unknown] : [Common];
        return table.Scripts[i];
    }

    /// <summary>Whether <paramref name="text"/> is single-script or one of the allowed mixes (UTS #39 Highly Restrictive).</summary>
    public static bool IsHighlyRestrictive(string text)
    {
        var sets = new List<IReadOnlyList<string>>();
        foreach (var rune in text.EnumerateRunes())
        {
            var scripts = Of(rune.Value);
            if (!scripts.Contains(Common) && !scripts.Contains(Inherited))
                sets.Add(scripts);
        }
        if (IsSingleScript(sets))
            return true;
        return AllowedMixes.Any(mix => sets.All(set => set.Any(mix.Contains)));
    }

    /// <summary>§5.1: the intersection of the augmented sets (Han stands for Chinese, Japanese and Korean writing) is not empty.</summary>
    private static bool IsSingleScript(List<IReadOnlyList<string>> sets)
    {
        HashSet<string>? resolved = null;
        foreach (var set in sets)
        {
            var augmented = Augment(set);
            if (resolved is null)
                resolved = augmented;
            else
                resolved.IntersectWith(augmented);
            if (resolved.Count == 0)
                return false;
        }
        return true;
    }

    private static HashSet<string> Augment(IReadOnlyList<string> scripts)
    {
        var set = new HashSet<string>(scripts, StringComparer.Ordinal);
        if (set.Contains("Hani"))
            set.UnionWith(["Hanb", "Jpan", "Kore"]);
        if (set.Contains("Hira") || set.Contains("Kana"))
            set.Add("Jpan");
        if (set.Contains("Hang"))
            set.Add("Kore");
        if (set.Contains("Bopo"))
            set.Add("Hanb");
        return set;
    }

    private static bool IsLetterOrDigit(int codePoint) =>
        Rune.IsValid(codePoint) && Rune.GetUnicodeCategory(new Rune(codePoint)) is
            >= UnicodeCategory.UppercaseLetter and <= UnicodeCategory.OtherLetter
            or >= UnicodeCategory.DecimalDigitNumber and <= UnicodeCategory.OtherNumber;

    private sealed record Table(int[] Starts, int[] Ends, string[][] Scripts);

    private static Table Load()
    {
        using var stream = typeof(UsernameScripts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var starts = new List<int>();
        var ends = new List<int>();
        var scripts = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var parts = line.Split(' ');
            var span = parts[0].Split("..");
            starts.Add(int.Parse(span[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            ends.Add(int.Parse(span[^1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            scripts.Add(parts[1..]);
        }
        return new Table([.. starts], [.. ends], [.. scripts]);
    }
}

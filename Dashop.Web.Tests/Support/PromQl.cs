using System.Text.RegularExpressions;

namespace Dashop.Web.Tests.Support;

/// <summary>The metric names a PromQL expression reads (not its functions, keywords, labels, strings or durations).</summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan"];

    public static IReadOnlyList<string> MetricNames(string expression)
    {
        var bare = Strings().Replace(expression, " ");
        bare = Braces().Replace(bare, " ");
        bare = Ranges().Replace(bare, " ");
        bare = Grouping().Replace(bare, " ");
        bare = Numbers().Replace(bare, " ");
        return Identifiers().Matches(bare)
            .Where(m => !Keywords.Contains(m.Value.ToLowerInvariant()) && !FollowedByParenthesis(bare, m.Index + m.Length))
            .Select(m => m.Value)
            .Distinct()
            .ToList();
    }

    private static bool FollowedByParenthesis(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
            index++;
        return index < text.Length && text[index] == '(';
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![a-zA-Z0-9_:])\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}

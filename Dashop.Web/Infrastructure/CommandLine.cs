namespace Dashop.Web.Infrastructure;

/// <summary>The first command-line argument: a verb of the app, or the start of the site's own options.</summary>
public static class CommandLine
{
    public const int UsageError = 2;

    /// <summary>
    /// Exit code 2 and the list of verbs when the first argument looks like a verb but is none of <paramref name="verbs"/>
    /// (a typo such as <c>import-dadshop</c> must not start the site); null otherwise. Options (<c>--urls ...</c>) and
    /// configuration settings (<c>Key=value</c>) are not verbs.
    /// </summary>
    public static int? RejectUnknownVerb(string[] args, IReadOnlyCollection<string> verbs, TextWriter error)
    {
        if (args is not [var first, ..] || first.StartsWith('-') || first.StartsWith('/') || first.Contains('=', StringComparison.Ordinal)
            || verbs.Contains(first, StringComparer.Ordinal))
            return null;

        error.WriteLine($"Unknown verb '{first}'. The verbs are:");
        foreach (var verb in verbs)
            error.WriteLine($"  {verb}");
        error.WriteLine("Without a verb (or with options only, e.g. --urls http://0.0.0.0:8080) the web site starts.");
        return UsageError;
    }
}

namespace Dashop.Web.Infrastructure;

/// <summary>A verb of the app: <c>dotnet Dashop.Web.dll VERB ARGS...</c>; <paramref name="RunAsync"/> gets the arguments after the verb.</summary>
public sealed record CommandLineVerb(string Name, Func<string[], Task<int>> RunAsync);

/// <summary>The one way the command line is read: a verb of the app, or the site with its own options.</summary>
public static class CommandLine
{
    public const int UsageError = 2;

    /// <summary>
    /// Runs the verb the first argument names, or the site when there is none. A first argument that looks like a verb
    /// but is none of <paramref name="verbs"/> (a typo such as <c>import-dadshop</c>) is exit code 2 and the list of
    /// verbs, and never starts the site. Options (<c>--urls ...</c>) and settings (<c>Key=value</c>) are not verbs.
    /// </summary>
    public static Task<int> RunAsync(string[] args, Func<string[], Task<int>> site, params CommandLineVerb[] verbs)
    {
        if (args is not [var first, ..] || first.StartsWith('-') || first.StartsWith('/') || first.Contains('=', StringComparison.Ordinal))
            return site(args);
        if (verbs.FirstOrDefault(v => v.Name == first) is { } verb)
            return verb.RunAsync(args[1..]);

        var error = Console.Error;
        error.WriteLine($"Unknown verb '{first}'. The verbs are:");
        foreach (var known in verbs)
            error.WriteLine($"  {known.Name}");
        error.WriteLine("Without a verb (or with options only, e.g. --urls http://0.0.0.0:8080) the web site starts.");
        return Task.FromResult(UsageError);
    }

    /// <summary>Writes <paramref name="usage"/> and answers exit code 2.</summary>
    public static int Usage(TextWriter error, string usage)
    {
        error.WriteLine(usage);
        return UsageError;
    }
}

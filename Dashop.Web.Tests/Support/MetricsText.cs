using System.Text.RegularExpressions;

namespace Dashop.Web.Tests.Support;

/// <summary>The samples of a Prometheus text exposition (<c>/metrics</c>): name, labels and value of each line.</summary>
public static partial class MetricsText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, string Value);

    public static IReadOnlyList<Sample> Parse(string text) =>
        text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => SampleLine().Match(line))
            .Where(m => m.Success)
            .Select(m => new Sample(m.Groups["name"].Value,
                LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value),
                m.Groups["value"].Value))
            .ToList();

    /// <summary>Scrapes <c>/metrics</c> of a Kestrel host (loopback, which may scrape by default).</summary>
    public static async Task<IReadOnlyList<Sample>> ScrapeAsync(string serverAddress)
    {
        using var client = new HttpClient { BaseAddress = new Uri(serverAddress) };
        return Parse(await client.GetStringAsync("/metrics"));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}

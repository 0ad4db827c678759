using System.Text.RegularExpressions;

namespace Dashop.Web.Tests.Admin;

/// <summary>Reads the admin health page by its stable ids and data attributes.</summary>
public static partial class HealthPage
{
    /// <summary>Each row of #health-checks: check name → data-status.</summary>
    public static Dictionary<string, string> Checks(string html) =>
        CheckRow().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    /// <summary>A number of #delivery-counts: <paramref name="channel"/> is Sms or Email, <paramref name="status"/> sent, failed or pending.</summary>
    public static int Count(string html, string channel, string status)
    {
        var table = Section(html, "delivery-counts");
        var row = Regex.Match(table, $"<tr data-channel=\"{channel}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.That(row.Success, Is.True, $"no {channel} row in #delivery-counts");
        return int.Parse(Regex.Match(row.Groups[1].Value, $"data-count=\"{status}\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The markup of the element with this id, up to the end of its table (or of the page).</summary>
    public static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"#{id} is not on the page");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }

    [GeneratedRegex("<tr data-check=\"([^\"]+)\" data-status=\"([^\"]+)\">")]
    private static partial Regex CheckRow();
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Import;

/// <summary>The outcome of one run: printed at the end and, with <c>--report</c>, written as JSON.</summary>
public sealed class ImportReport
{
    public const string UserKind = "user";
    public const string WeiboKind = "weibo_profile";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    [JsonPropertyName("dry_run")] public bool DryRun { get; init; }

    /// <summary>Rows written by this run (users and Weibo profiles; with --dry-run, rows that would have been).</summary>
    [JsonPropertyName("imported")] public int Imported => Users.Imported + WeiboProfiles.Imported;

    /// <summary>Rows an earlier run imported already.</summary>
    [JsonPropertyName("present")] public int Present => Users.Present + WeiboProfiles.Present;

    [JsonPropertyName("users")] public TableCounts Users { get; } = new();
    [JsonPropertyName("weibo_profiles")] public TableCounts WeiboProfiles { get; } = new();
    [JsonPropertyName("skipped")] public List<SkippedRow> Skipped { get; } = [];
    [JsonPropertyName("elapsed_seconds")] public double ElapsedSeconds { get; set; }

    public void Skip(string kind, long legacyId, string? username, SkipReason reason)
    {
        Skipped.Add(new SkippedRow(legacyId, kind, username, reason));
        (kind == UserKind ? Users : WeiboProfiles).Skipped++;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The summary a person reads at the end of the run.</summary>
    public string ToText()
    {
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"import-dadashop{(DryRun ? " (dry run: nothing was written)" : "")} in {ElapsedSeconds:0.0} s");
        text.AppendLine(c, $"  users:          {Users.Imported} imported, {Users.Present} already present, {Users.Skipped} skipped (of {Users.Total})");
        text.AppendLine(c, $"  Weibo profiles: {WeiboProfiles.Imported} imported, {WeiboProfiles.Present} already present, {WeiboProfiles.Skipped} skipped (of {WeiboProfiles.Total})");
        foreach (var group in Skipped.GroupBy(s => s.Reason).OrderBy(g => g.Key))
            text.AppendLine(c, $"  skipped, {JsonNamingPolicy.SnakeCaseLower.ConvertName(group.Key.ToString())}: {group.Count()}");
        foreach (var row in Skipped.Take(50))
            text.AppendLine(c, $"    {row.Kind} {row.LegacyId} ({row.Username}): {JsonNamingPolicy.SnakeCaseLower.ConvertName(row.Reason.ToString())}");
        if (Skipped.Count > 50)
            text.AppendLine(c, $"    ... and {Skipped.Count - 50} more (--report FILE lists them all)");
        return text.ToString();
    }
}

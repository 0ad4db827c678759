using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Import;

/// <summary>Counts for one table.</summary>
public sealed class TableCounts
{
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("imported")] public int Imported { get; set; }
    [JsonPropertyName("present")] public int Present { get; set; }
    [JsonPropertyName("skipped")] public int Skipped { get; set; }
}

using System.Text.Json.Serialization;

namespace Dashop.Bench.Measure;

internal sealed record Answer([property: JsonPropertyName("code")] int Code);

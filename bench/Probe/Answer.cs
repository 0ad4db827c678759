using System.Text.Json.Serialization;

namespace Dashop.Bench.Probe;

internal sealed record Answer([property: JsonPropertyName("code")] int Code);

using System.Text.Json.Serialization;

namespace Dashop.Bench.Probe;

internal sealed record SmsCodeBody([property: JsonPropertyName("phone")] string Phone);

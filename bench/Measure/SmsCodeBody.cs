using System.Text.Json.Serialization;

namespace Dashop.Bench.Measure;

internal sealed record SmsCodeBody([property: JsonPropertyName("phone")] string Phone);

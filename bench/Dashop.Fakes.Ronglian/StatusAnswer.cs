using System.Text.Json.Serialization;

namespace Dashop.Fakes.Ronglian;

internal sealed record StatusAnswer(
    [property: JsonPropertyName("statusCode")] string StatusCode,
    [property: JsonPropertyName("statusMsg")] string StatusMsg);

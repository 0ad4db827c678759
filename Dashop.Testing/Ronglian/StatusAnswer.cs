using System.Text.Json.Serialization;

namespace Dashop.Testing.Ronglian;

internal sealed record StatusAnswer(
    [property: JsonPropertyName("statusCode")] string StatusCode,
    [property: JsonPropertyName("statusMsg")] string StatusMsg);

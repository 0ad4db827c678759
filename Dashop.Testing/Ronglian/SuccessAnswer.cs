using System.Text.Json.Serialization;

namespace Dashop.Testing.Ronglian;

internal sealed record SuccessAnswer(
    [property: JsonPropertyName("statusCode")] string StatusCode,
    [property: JsonPropertyName("templateSMS")] SuccessSms TemplateSms);

using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Sms;

public sealed record TemplateSmsResponse(
    [property: JsonPropertyName("statusCode")] string? StatusCode,
    [property: JsonPropertyName("statusMsg")] string? StatusMsg,
    [property: JsonPropertyName("templateSMS")] TemplateSms? TemplateSms);

using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Sms;

public sealed record TemplateSms(
    [property: JsonPropertyName("smsMessageSid")] string? SmsMessageSid,
    [property: JsonPropertyName("dateCreated")] string? DateCreated);

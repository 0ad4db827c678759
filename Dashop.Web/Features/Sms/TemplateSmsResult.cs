using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Sms;

public sealed record TemplateSmsResult(
    [property: JsonPropertyName("smsMessageSid")] string? SmsMessageSid,
    [property: JsonPropertyName("dateCreated")] string? DateCreated);

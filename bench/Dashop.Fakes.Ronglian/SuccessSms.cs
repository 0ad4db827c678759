using System.Text.Json.Serialization;

namespace Dashop.Fakes.Ronglian;

internal sealed record SuccessSms(
    [property: JsonPropertyName("smsMessageSid")] string SmsMessageSid,
    [property: JsonPropertyName("dateCreated")] string DateCreated);

using System.Text.Json.Serialization;

namespace Dashop.Testing.Ronglian;

internal sealed record SuccessSms(
    [property: JsonPropertyName("smsMessageSid")] string SmsMessageSid,
    [property: JsonPropertyName("dateCreated")] string DateCreated);

using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

public sealed record SmsCodeRequest([property: JsonPropertyName("phone")] string? Phone);

using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

/// <summary><c>purpose</c> is register (the default: the seed's front end sends none), login or reset.</summary>
public sealed record SmsCodeRequest(
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("purpose")] string? Purpose = null);

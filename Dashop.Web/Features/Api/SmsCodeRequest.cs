using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

/// <summary>
/// <c>purpose</c> is register (the default: the seed's front end sends none), login or reset. <c>device</c> is the
/// known-device token a sign-in answered (optional): with it, the account's own phone may use the codes strangers cannot.
/// </summary>
public sealed record SmsCodeRequest(
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("purpose")] string? Purpose = null,
    [property: JsonPropertyName("device")] string? Device = null);

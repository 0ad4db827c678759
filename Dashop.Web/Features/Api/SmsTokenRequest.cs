using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

public sealed record SmsTokenRequest(
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("verify")] string? Verify,
    [property: JsonPropertyName("carts")] JsonElement? Carts,
    [property: JsonPropertyName("device")] string? Device = null,
    [property: JsonPropertyName("terms_accepted")] bool? TermsAccepted = null);

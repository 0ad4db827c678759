using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

public sealed record RegisterRequest(
    [property: JsonPropertyName("uname")] string? Uname,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("verify")] string? Verify,
    [property: JsonPropertyName("carts")] JsonElement? Carts,
    [property: JsonPropertyName("terms_accepted")] bool? TermsAccepted = null);

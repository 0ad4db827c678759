using System.Text.Json.Serialization;

namespace Dashop.Bench.Measure;

internal sealed record RegisterBody(
    [property: JsonPropertyName("uname")] string Uname,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("verify")] string Verify,
    [property: JsonPropertyName("carts")] string? Carts);

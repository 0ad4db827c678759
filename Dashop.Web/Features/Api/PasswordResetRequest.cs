using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

public sealed record PasswordResetRequest(
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("verify")] string? Verify,
    [property: JsonPropertyName("password")] string? Password);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

/// <summary><c>username</c> is a username or a phone number, as on /login.</summary>
public sealed record TokenRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("carts")] JsonElement? Carts);

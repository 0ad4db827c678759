using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

/// <summary>
/// <c>username</c> is a username or a phone number, as on /login. <c>device</c> is the known-device token an earlier
/// sign-in answered (optional): its failed passwords are counted apart from everyone else's.
/// </summary>
public sealed record TokenRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("carts")] JsonElement? Carts,
    [property: JsonPropertyName("device")] string? Device = null);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Api;

/// <summary><c>uid</c> is the ticket from the 201 answer; anything else there (a raw uid, a number) is refused with 10119.</summary>
public sealed record WeiboBindRequest(
    [property: JsonPropertyName("uid")] JsonElement? Uid,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("verify")] string? Verify,
    [property: JsonPropertyName("terms_accepted")] bool? TermsAccepted = null);

using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Import;

/// <summary>One row left behind: <paramref name="Kind"/> is <c>user</c> or <c>weibo_profile</c>; a Weibo row's username is its wuid.</summary>
public sealed record SkippedRow(
    [property: JsonPropertyName("legacy_id")] long LegacyId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("reason")] SkipReason Reason);

namespace Dashop.Web.Infrastructure.Data;

/// <summary>
/// A Weibo account that has logged in at least once (spec §8). It binds to at most one user, and a user to at most one
/// Weibo account. The access token is kept encrypted with Data Protection, never in clear.
/// </summary>
public sealed class WeiboProfile
{
    public const int WuidMaxLength = 32;

    public long Id { get; set; }

    /// <summary>Weibo's uid, as the token endpoint returned it (never as a browser sent it).</summary>
    public required string Wuid { get; set; }

    public string? UserId { get; set; }
    public DashopUser? User { get; set; }

    public string? ScreenName { get; set; }
    public string? AvatarUrl { get; set; }

    public required string ProtectedAccessToken { get; set; }
    public DateTime AccessTokenExpiresAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public DateTime? BoundAtUtc { get; set; }

    /// <summary>The row id in a dadashop site's <c>user_weibo_profile</c>, for profiles brought over by <c>import-dadashop</c>.</summary>
    public long? LegacyId { get; set; }
}

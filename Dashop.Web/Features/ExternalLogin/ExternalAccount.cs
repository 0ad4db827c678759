using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>
/// A provider account (Weibo, WeChat, QQ, Alipay) that has signed in at least once (spec §15), in the one external-login
/// table. It links to at most one Dashop account, and an account to at most one account of each provider. The provider's
/// tokens are kept encrypted with Data Protection, never in clear.
/// </summary>
public sealed class ExternalAccount
{
    public const int ProviderMaxLength = 32;
    public const int SubjectMaxLength = 128;

    public long Id { get; set; }

    /// <summary>The authentication scheme of the provider ("Weibo", "WeChat").</summary>
    public required string Provider { get; set; }

    /// <summary>The provider's id of the person (Weibo uid, WeChat openid), as its token endpoint returned it, never as a browser sent it.</summary>
    public required string Subject { get; set; }

    /// <summary>WeChat's or QQ's unionid: the same person across the provider apps of one developer; matched before the subject.</summary>
    public string? UnionId { get; set; }

    /// <summary>The provider app <see cref="Subject"/> belongs to, when the provider has several (WeChat's website app and Official Account).</summary>
    public string? AppId { get; set; }

    public string? UserId { get; set; }
    public DashopUser? User { get; set; }

    public string? DisplayName { get; set; }
    public string? AvatarUrl { get; set; }

    public required string ProtectedAccessToken { get; set; }
    public string? ProtectedRefreshToken { get; set; }
    public DateTime AccessTokenExpiresAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public DateTime? BoundAtUtc { get; set; }

    /// <summary>The row id in a dadashop site's <c>user_weibo_profile</c>, for links brought over by <c>import-dadashop</c>.</summary>
    public long? LegacyId { get; set; }
}

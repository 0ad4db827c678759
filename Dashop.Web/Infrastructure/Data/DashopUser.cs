using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Infrastructure.Data;

public sealed class DashopUser : IdentityUser
{
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When the person accepted the terms and privacy policy (PIPL), and which version; null for accounts made by an operator.</summary>
    public DateTime? TermsAcceptedAtUtc { get; set; }

    public string? TermsVersion { get; set; }

    /// <summary>The row id in a dadashop site's <c>user_user_profile</c>, for accounts brought over by <c>import-dadashop</c>.</summary>
    public long? LegacyId { get; set; }
}

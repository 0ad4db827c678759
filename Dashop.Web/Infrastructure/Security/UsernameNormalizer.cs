using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// Identity's lookup key for usernames: NFKC, then invariant upper case, so that compatibility forms such as full-width
/// <c>ａｄｍｉｎ</c> or the ligature <c>ﬁ</c> name the same account as <c>admin</c> and <c>fi</c> (the unique index on
/// NormalizedUserName then refuses look-alikes). E-mail addresses keep Identity's own rule.
/// </summary>
public sealed class UsernameNormalizer : ILookupNormalizer
{
    private static readonly UpperInvariantLookupNormalizer IdentityDefault = new();

    public static string Normalize(string name) =>
        name.Normalize(NormalizationForm.FormKC).ToUpperInvariant().Normalize(NormalizationForm.FormKC);

    public string? NormalizeName(string? name) => name is null ? null : Normalize(name);

    public string? NormalizeEmail(string? email) => IdentityDefault.NormalizeEmail(email);
}

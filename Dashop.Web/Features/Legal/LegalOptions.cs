using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Legal;

public sealed class LegalOptions
{
    public const string SectionName = "Legal";

    /// <summary>The version of /terms and /privacy that a sign-up agrees to, recorded with the account.</summary>
    [Required(ErrorMessage = "Legal:TermsVersion is required."),
     RegularExpression(@"^[A-Za-z0-9._-]{1,32}$", ErrorMessage = "Legal:TermsVersion must be 1 to 32 letters, digits, dots, dashes or underscores.")]
    public string TermsVersion { get; set; } = "2026-11";
}

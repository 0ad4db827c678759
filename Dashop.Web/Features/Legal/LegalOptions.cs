using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Legal;

public sealed class LegalOptions
{
    public const string SectionName = "Legal";

    /// <summary>The version of /terms and /privacy that a sign-up agrees to, recorded with the account.</summary>
    [Required(ErrorMessage = "Legal:TermsVersion is required."),
     RegularExpression(@"^[A-Za-z0-9._-]{1,32}$", ErrorMessage = "Legal:TermsVersion must be 1 to 32 letters, digits, dots, dashes or underscores.")]
    public string TermsVersion { get; set; } = "2026-11";

    /// <summary>Who runs the shop, in the footer of every page and in the privacy policy's sense of "we".</summary>
    [Required(ErrorMessage = "Legal:OperatorName is required."), StringLength(100, ErrorMessage = "Legal:OperatorName must be at most 100 characters.")]
    public string OperatorName { get; set; } = "Dashop";

    /// <summary>The site's ICP filing number (ICP 备案号), which a site served in mainland China shows in its footer; none by default.</summary>
    [StringLength(64, ErrorMessage = "Legal:IcpNumber must be at most 64 characters.")]
    public string? IcpNumber { get; set; }

    /// <summary>How customers reach support (an address, a phone number), in the footer when set.</summary>
    [StringLength(200, ErrorMessage = "Legal:SupportContact must be at most 200 characters.")]
    public string? SupportContact { get; set; }
}

using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>The bind page's other way to prove an existing account: its username or phone number, and a <c>reauth</c> code sent to its phone.</summary>
public sealed class ExternalLinkCodeViewModel
{
    [Required(ErrorMessage = "{0} is required."), StringLength(64, ErrorMessage = "{0} is too long.")]
    [Display(Name = "Username or phone number")]
    public string? Login { get; set; }

    [Display(Name = "Verification code")]
    public string? Code { get; set; }
}

using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.SignIn;

/// <summary>The "SMS code" form of /login.</summary>
public sealed class SmsLoginViewModel
{
    [Required(ErrorMessage = "{0} is required."), StringLength(20, ErrorMessage = "{0} is too long.")]
    [Display(Name = "Phone number")]
    public string? Phone { get; set; }

    [Required(ErrorMessage = "{0} is required."), StringLength(10, ErrorMessage = "{0} is too long.")]
    [Display(Name = "Verification code")]
    public string? Code { get; set; }

    public string? ReturnUrl { get; set; }
}

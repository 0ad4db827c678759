using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.SignIn;

public sealed class LoginViewModel
{
    [Required(ErrorMessage = "{0} is required."), StringLength(64, ErrorMessage = "{0} is too long.")]
    [Display(Name = "Username or phone number")]
    public string? Login { get; set; }

    [Required(ErrorMessage = "{0} is required."), StringLength(128, ErrorMessage = "{0} is too long.")]
    [Display(Name = "Password"), DataType(DataType.Password)]
    public string? Password { get; set; }

    [Display(Name = "Remember me")]
    public bool Remember { get; set; }

    public string? ReturnUrl { get; set; }

    /// <summary>The page shows the "SMS code" form (<see cref="SmsLoginViewModel"/>) instead of the password form.</summary>
    public bool BySms { get; set; }

    /// <summary>The "SMS code" tab comes first (<c>Accounts:SmsSignUp</c>: one code signs in or signs up).</summary>
    public bool SmsFirst { get; set; }

    [Display(Name = "Phone number")]
    public string? Phone { get; set; }

    [Display(Name = "Verification code")]
    public string? Code { get; set; }
}

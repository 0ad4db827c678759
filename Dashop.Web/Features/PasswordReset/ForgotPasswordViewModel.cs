using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>The forgotten-password page: a phone, its code and the new password; or an e-mail address for a link.</summary>
public sealed class ForgotPasswordViewModel
{
    [Display(Name = "Phone number"), StringLength(20, ErrorMessage = "{0} is too long.")]
    public string? Phone { get; set; }

    [Display(Name = "Verification code"), StringLength(10, ErrorMessage = "{0} is too long.")]
    public string? Code { get; set; }

    [Display(Name = "New password"), DataType(DataType.Password), StringLength(128, ErrorMessage = "{0} is too long.")]
    public string? Password { get; set; }

    [Display(Name = "E-mail address"), StringLength(254, ErrorMessage = "{0} is too long.")]
    public string? Email { get; set; }

    /// <summary>The form field a service field name stands for.</summary>
    public static string FieldName(string field) => field switch
    {
        "phone" => nameof(Phone),
        "code" => nameof(Code),
        "password" => nameof(Password),
        "email" => nameof(Email),
        _ => "",
    };
}

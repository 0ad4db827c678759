using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Registration;

public sealed class RegisterViewModel
{
    [Display(Name = "Username")]
    public string? Username { get; set; }

    [Display(Name = "Password"), DataType(DataType.Password)]
    public string? Password { get; set; }

    [Display(Name = "Phone number")]
    public string? Phone { get; set; }

    [Display(Name = "E-mail address")]
    public string? Email { get; set; }

    [Display(Name = "Verification code")]
    public string? Code { get; set; }

    [Display(Name = "I agree to the terms and privacy policy")]
    public bool TermsAccepted { get; set; }

    public AccountInput ToInput() => new(Username, Password, Phone, Email, Code, TermsAccepted);

    /// <summary>The form field of a service's field name.</summary>
    public static string FieldName(string field) => AccountFields.Of(field).FormProperty;
}

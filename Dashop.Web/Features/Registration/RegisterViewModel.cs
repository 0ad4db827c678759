using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Registration;

public sealed class RegisterViewModel
{
    [Display(Name = "Username")]
    public string? Username { get; set; }

    [Display(Name = "Password"), DataType(DataType.Password)]
    public string? Password { get; set; }

    [Display(Name = "E-mail address")]
    public string? Email { get; set; }

    [Display(Name = "Phone number")]
    public string? Phone { get; set; }

    [Display(Name = "Verification code")]
    public string? Code { get; set; }

    [Display(Name = "I agree to the terms and privacy policy")]
    public bool TermsAccepted { get; set; }

    public AccountInput ToInput() => new(Username, Password, Phone, Email, Code, TermsAccepted);

    /// <summary>The form field of a service's field name.</summary>
    public static string FieldName(string field) => AccountFields.Of(field).FormProperty;

    /// <summary>Every refused field on its form field (the error summary lists them in the order of the properties above, the form's).</summary>
    public static void AddErrors(ModelStateDictionary state, IEnumerable<FieldError> errors, IStringLocalizer text)
    {
        foreach (var error in errors)
            state.AddModelError(FieldName(error.Field), text[error.Message]);
    }
}

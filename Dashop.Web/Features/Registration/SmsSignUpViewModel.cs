using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Registration;

/// <summary>The sign-up step after a right login code for a phone with no account (spec §15).</summary>
public sealed class SmsSignUpViewModel
{
    /// <summary>The sealed proof of the phone (<see cref="SignIn.SmsLoginService.IssueSignUpTicketAsync"/>), carried by the form.</summary>
    public string? Ticket { get; set; }

    public string? ReturnUrl { get; set; }

    /// <summary>Shown, never posted: the phone the account is for, masked.</summary>
    public string? MaskedPhone { get; set; }

    [Display(Name = "Username")]
    public string? Username { get; set; }

    [Display(Name = "Password (optional)"), DataType(DataType.Password)]
    public string? Password { get; set; }

    [Display(Name = "E-mail address (optional)")]
    public string? Email { get; set; }

    [Display(Name = "I agree to the terms and privacy policy")]
    public bool TermsAccepted { get; set; }

    public SmsSignUpInput ToInput() => new(Username, Password, Email, TermsAccepted);
}

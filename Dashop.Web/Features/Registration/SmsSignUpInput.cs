namespace Dashop.Web.Features.Registration;

/// <summary>
/// What the sign-up step after a right login code asks (spec §15): the username (suggested, may be changed), an optional
/// password and e-mail address, and the consent to the terms. The phone is proven already.
/// </summary>
public sealed record SmsSignUpInput(string? Username, string? Password, string? Email, bool TermsAccepted);

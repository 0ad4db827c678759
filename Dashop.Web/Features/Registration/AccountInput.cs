namespace Dashop.Web.Features.Registration;

/// <summary>
/// What a new account needs, from the page or from /v1. <paramref name="TermsAccepted"/> is the consent to the terms and
/// privacy policy: the pages' checkbox, or the front end's page for /v1.
/// </summary>
public sealed record AccountInput(string? Username, string? Password, string? Phone, string? Email, string? Code, bool TermsAccepted);

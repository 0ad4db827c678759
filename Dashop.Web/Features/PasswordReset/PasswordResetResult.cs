using Dashop.Web.Features.Registration;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>A reset's outcome; <see cref="Field"/> names the form field a refusal is about.</summary>
public sealed record PasswordResetResult(PasswordResetOutcome Outcome, FieldError? Field = null)
{
    public bool Succeeded => Outcome == PasswordResetOutcome.Succeeded;
}

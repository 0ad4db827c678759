namespace Dashop.Web.Features.PasswordReset;

/// <summary>What the person asking for a reset link is told: never whether an account has the address.</summary>
public enum ResetEmailOutcome
{
    Accepted,
    InvalidEmail,
    Limited,
    Unavailable,
}

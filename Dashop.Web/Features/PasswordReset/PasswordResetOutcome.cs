namespace Dashop.Web.Features.PasswordReset;

public enum PasswordResetOutcome
{
    Succeeded,
    CodeWrong,
    LinkInvalid,
    InvalidPassword,
    Busy,
    Unavailable,
}

namespace Dashop.Web.Features.SignIn;

public enum SignInOutcome
{
    Succeeded,

    /// <summary>A wrong password, or no account with that name or phone.</summary>
    WrongPassword,

    /// <summary>Refused because of the lockout, without comparing the password.</summary>
    LockedOut,

    /// <summary>An SMS code that was wrong, expired or used up.</summary>
    WrongCode,

    /// <summary>Refused for another reason (the counter or the hash bulkhead was unavailable).</summary>
    Refused,
}

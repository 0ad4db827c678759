namespace Dashop.Web.Features.SignIn;

public enum LoginOutcome
{
    Succeeded,

    /// <summary>Wrong password, or no account with that name or phone (the two are never told apart).</summary>
    Failed,

    /// <summary>Refused without comparing the password: too many failures for this name or phone.</summary>
    LockedOut,

    /// <summary>Every password-hashing slot stayed busy: try again in a few seconds.</summary>
    Busy,

    /// <summary>The failure counter could not be taken (Redis away): refused without comparing; try again.</summary>
    Unavailable,
}

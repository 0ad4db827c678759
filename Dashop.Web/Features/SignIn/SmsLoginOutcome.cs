namespace Dashop.Web.Features.SignIn;

public enum SmsLoginOutcome
{
    Succeeded,

    /// <summary>The code is wrong, expired, used up or for another purpose, or no account has the phone (never told apart).</summary>
    WrongCode,

    /// <summary>The phone number cannot be read, or is not a mobile an SMS may reach (no login code can be for it).</summary>
    InvalidPhone,

    /// <summary>The code store could not be reached: try again.</summary>
    Unavailable,

    /// <summary>
    /// The code is right and no account has the phone, a mobile that may sign up (only with <c>Accounts:SmsSignUp</c>;
    /// otherwise this is <see cref="WrongCode"/>). The code is not used up: the sign-up step that follows uses it.
    /// </summary>
    NoAccount,
}

namespace Dashop.Web.Features.ExternalLogin;

public enum ExternalBindError
{
    None,

    /// <summary>The new account was refused; <see cref="ExternalBindResult.Registration"/> says why.</summary>
    Registration,
    WrongPassword,

    /// <summary>The <c>reauth</c> code is wrong, expired or used up, or no account has the name or phone (never told apart).</summary>
    WrongCode,
    LockedOut,

    /// <summary>The provider account is linked to another Dashop account.</summary>
    ProviderAccountTaken,

    /// <summary>The Dashop account is linked to another account of the same provider.</summary>
    AccountAlreadyLinked,

    /// <summary>No pending sign-in: the ticket or cookie expired, or names a provider account never seen.</summary>
    LoginExpired,
    DatabaseError,

    /// <summary>The shared store (Redis) that holds tickets did not answer: nothing was changed; try again.</summary>
    Unavailable,

    /// <summary>Every password-hashing slot stayed busy: try again in a few seconds.</summary>
    Busy,
}

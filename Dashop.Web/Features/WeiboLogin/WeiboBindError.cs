namespace Dashop.Web.Features.WeiboLogin;

public enum WeiboBindError
{
    None,

    /// <summary>The new account was refused; <see cref="WeiboBindResult.Registration"/> says why.</summary>
    Registration,
    WrongPassword,
    LockedOut,
    WeiboAlreadyBound,
    AccountAlreadyBound,

    /// <summary>No pending Weibo login: the ticket or cookie expired, or names a Weibo account never seen.</summary>
    LoginExpired,
    DatabaseError,

    /// <summary>The shared store (Redis) that holds tickets did not answer: nothing was changed; try again.</summary>
    Unavailable,

    /// <summary>Every password-hashing slot stayed busy: try again in a few seconds.</summary>
    Busy,
}

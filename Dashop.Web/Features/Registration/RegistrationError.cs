namespace Dashop.Web.Features.Registration;

public enum RegistrationError
{
    None,
    InvalidField,
    Taken,
    CodeInvalid,
    Unavailable,

    /// <summary>The Weibo account to link was linked to another account first (the Weibo bind only).</summary>
    WeiboAlreadyBound,

    /// <summary>Too many passwords being hashed at once: try again in a moment.</summary>
    Busy,
}

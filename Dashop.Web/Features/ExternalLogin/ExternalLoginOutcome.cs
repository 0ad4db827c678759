namespace Dashop.Web.Features.ExternalLogin;

public enum ExternalLoginOutcome
{
    /// <summary>The provider account is linked: its Dashop account signs in.</summary>
    Bound,

    /// <summary>Linked to nobody yet: the bind page (or /v1's ticket) comes next.</summary>
    NotBound,

    /// <summary>The database did not answer: nothing was changed.</summary>
    Unavailable,
}

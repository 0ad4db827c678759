namespace Dashop.Web.Features.Registration;

public enum RegistrationError
{
    None,
    InvalidField,
    Taken,
    CodeInvalid,
    Unavailable,

    /// <summary>The caller's step refused: the provider account to link was linked to another account first (the external-login bind only).</summary>
    LinkRefused,

    /// <summary>Too many passwords being hashed at once: try again in a moment.</summary>
    Busy,
}

namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>How a call to a sign-in provider went wrong: the provider said no, or it could not be asked.</summary>
public enum ProviderFailure
{
    None,

    /// <summary>The provider answered with an error (a used code, an invalid token, a signature that does not verify).</summary>
    Rejected,

    /// <summary>No usable answer: a timeout, a connection error, a server error, HTML instead of JSON.</summary>
    Unavailable,
}

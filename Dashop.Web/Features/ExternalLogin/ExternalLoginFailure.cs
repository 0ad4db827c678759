namespace Dashop.Web.Features.ExternalLogin;

/// <summary>Why a browser sign-in through a provider ended back on /login (the <c>reason</c> of /login/{provider}/failed).</summary>
public enum ExternalLoginFailure
{
    /// <summary>The provider answered with an error (a used or invalid code, a refused token).</summary>
    Refused,
    Denied,

    /// <summary>No usable answer: timeout, connection error, HTTP 5xx, a body that is not the provider's JSON.</summary>
    Unavailable,
    Expired,

    /// <summary>The <c>state</c> was forged, altered, expired or used already (a replay).</summary>
    StateInvalid,
}

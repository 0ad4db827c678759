namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>Why a browser login through a provider ended back on /login (the <c>reason</c> of <c>/login/{provider}/failed</c>).</summary>
public enum ProviderLoginFailure
{
    Refused,
    Denied,
    Unavailable,

    /// <summary>The state or correlation cookie did not check out: forged, replayed, or started in another browser.</summary>
    StateInvalid,
}

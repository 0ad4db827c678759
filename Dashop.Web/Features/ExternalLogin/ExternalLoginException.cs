namespace Dashop.Web.Features.ExternalLogin;

/// <summary>What a provider handler throws when the provider refused or did not answer; the message holds no code or token.</summary>
public sealed class ExternalLoginException(string provider, bool unavailable, string? errorCode)
    : Exception($"{provider} sign-in failed ({(unavailable ? "unavailable" : "refused")}, {errorCode ?? "no error code"}).")
{
    /// <summary>No usable answer (timeout, connection error, 5xx, not JSON), rather than an error the provider gave.</summary>
    public bool Unavailable { get; } = unavailable;

    public string? ErrorCode { get; } = errorCode;
}

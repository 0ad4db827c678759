using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>What a provider handler throws when the provider refused or did not answer; the message holds no code or token.</summary>
public sealed class ExternalLoginException(string provider, bool unavailable, string? errorCode)
    : Exception($"{provider} sign-in failed ({(unavailable ? "unavailable" : "refused")}, {errorCode ?? "no error code"}).")
{
    /// <summary>No usable answer (timeout, connection error, 5xx, not JSON), rather than an error the provider gave.</summary>
    public bool Unavailable { get; } = unavailable;

    public string? ErrorCode { get; } = errorCode;

    /// <summary>A provider call's failure (<see cref="Failure.Refused"/> or <see cref="Failure.Unavailable"/>) as the exception.</summary>
    public static ExternalLoginException For(string provider, Result failed) =>
        new(provider, failed.Failure == Failure.Unavailable, failed.Detail);
}

public static class ProviderResults
{
    /// <summary>A handler's way out: the value, or the failure as the exception the remote-failure event turns into a message.</summary>
    public static T OrThrow<T>(this Result<T> result, string provider) where T : class =>
        result.Value ?? throw ExternalLoginException.For(provider, result.WithoutValue());
}

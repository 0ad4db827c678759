namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>A provider call's value, or why there is none (with the provider's error code when it gave one).</summary>
public sealed record ProviderResult<T>(T? Value, ProviderFailure Failure = ProviderFailure.None, string? ErrorCode = null) where T : class
{
    /// <summary>The handler's way out: the failure as the exception the remote-failure event turns into a message.</summary>
    public T OrThrow(string provider) => Value ?? throw new ExternalLoginException(provider, Failure == ProviderFailure.Unavailable, ErrorCode);
}

public static class ProviderResult
{
    public static ProviderResult<T> Fail<T>(ProviderFailure failure, string? errorCode) where T : class => new(null, failure, errorCode);
}

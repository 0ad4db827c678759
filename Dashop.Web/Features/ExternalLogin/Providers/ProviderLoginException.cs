namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>Why a provider login failed inside its OAuth handler; the message names the provider and its error code, never a code or token.</summary>
public sealed class ProviderLoginException(string provider, ProviderFailure failure, string? errorCode)
    : Exception($"{provider} login failed ({failure}, {errorCode ?? "no error code"}).")
{
    public ProviderFailure Failure { get; } = failure;
    public string? ErrorCode { get; } = errorCode;
}

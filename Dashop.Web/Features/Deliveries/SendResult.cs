using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Deliveries;

/// <summary>
/// What a provider (Ronglian, the SMTP server, the Development inbox) did with one message: the answer every sender
/// gives its consumer, which records it on the delivery and retries a <see cref="SendOutcome.Transient"/> one.
/// </summary>
public sealed record SendResult(
    SendOutcome Outcome,
    string? ProviderMessageId = null,
    string? ErrorCode = null,
    string? Error = null,
    DeliveryFailure Failure = DeliveryFailure.None)
{
    public static SendResult Sent(string? providerMessageId = null) => new(SendOutcome.Sent, providerMessageId);
}

public enum SendOutcome
{
    Sent,
    /// <summary>Worth another try later (a timeout, a busy provider): the consumer's retry policy decides.</summary>
    Transient,
    /// <summary>Failed for good; <see cref="SendResult.Failure"/> says why.</summary>
    Failed,
}

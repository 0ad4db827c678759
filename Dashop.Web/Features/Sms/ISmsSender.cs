using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Sms;

public sealed record SmsMessage(Guid DeliveryId, string PhoneE164, string Code, int ValidMinutes, bool IsRetry);

public enum SmsSendOutcome
{
    Sent,
    Transient,
    Failed,
}

public sealed record SmsSendResult(
    SmsSendOutcome Outcome,
    string? ProviderMessageId = null,
    string? ErrorCode = null,
    string? Error = null,
    DeliveryFailure Failure = DeliveryFailure.None)
{
    public static SmsSendResult Sent(string? providerId) => new(SmsSendOutcome.Sent, providerId);
}

/// <summary>One way of getting a code to a phone. Never retries by itself: the consumer owns retries.</summary>
public interface ISmsSender
{
    string Name { get; }

    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Sms;

public sealed record SmsSendResult(
    SmsSendOutcome Outcome,
    string? ProviderMessageId = null,
    string? ErrorCode = null,
    string? Error = null,
    DeliveryFailure Failure = DeliveryFailure.None)
{
    public static SmsSendResult Sent(string? providerId) => new(SmsSendOutcome.Sent, providerId);
}

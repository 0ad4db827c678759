using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Activation;

public sealed record EmailSendResult(EmailSendOutcome Outcome, string? ErrorCode = null, string? Error = null, DeliveryFailure Failure = DeliveryFailure.None)
{
    public static readonly EmailSendResult Sent = new(EmailSendOutcome.Sent);
}

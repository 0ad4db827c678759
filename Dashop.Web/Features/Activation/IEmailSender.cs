using Dashop.Web.Infrastructure.Data;
using MimeKit;

namespace Dashop.Web.Features.Activation;

public enum EmailSendOutcome
{
    Sent,
    Transient,
    Failed,
}

public sealed record EmailSendResult(EmailSendOutcome Outcome, string? ErrorCode = null, string? Error = null, DeliveryFailure Failure = DeliveryFailure.None)
{
    public static readonly EmailSendResult Sent = new(EmailSendOutcome.Sent);
}

/// <summary>One way of getting an e-mail out. Never retries by itself: the consumer owns retries.</summary>
public interface IEmailSender
{
    string Name { get; }

    Task<EmailSendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

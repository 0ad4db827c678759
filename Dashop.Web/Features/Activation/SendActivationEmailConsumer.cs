using Dashop.Contracts;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Infrastructure.Data;
using MassTransit;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Messaging;

namespace Dashop.Web.Features.Activation;

/// <summary>Renders and sends one activation e-mail, recording the delivery.</summary>
public sealed partial class SendActivationEmailConsumer(
    IEmailSender sender,
    DeliveryLog log,
    MessageProtection protection,
    IOptions<EmailOptions> options,
    ILogger<SendActivationEmailConsumer> logger) : IConsumer<SendActivationEmail>
{
    public async Task Consume(ConsumeContext<SendActivationEmail> context)
    {
        var message = context.Message;
        var masked = ActivationEmail.Mask(message.To);
        var ct = context.CancellationToken;

        var delivery = await log.BeginAttemptAsync(message.DeliveryId, DeliveryChannel.Email, sender.Name, message.To, masked, "activation",
            context.MayHaveBeenSeen(), ct);
        if (delivery.Status != DeliveryStatus.Pending)
            return;
        if (protection.Unprotect(ActivationService.MessageProtectionPurpose, message.ProtectedLink) is not { } link)
        {
            await log.FailedAsync(delivery, DeliveryFailure.Expired, "expired", "the link expired before it could be sent", ct);
            return;
        }

        var o = options.Value;
        var days = (int)Math.Ceiling(o.ActivationLinkLifetime.TotalDays);
        var mime = ActivationEmail.Create(o.FromName, o.From, message.To, message.UserName, link, days, message.Culture);
        var result = await sender.SendAsync(mime, ct);
        switch (result.Outcome)
        {
            case EmailSendOutcome.Sent:
                await log.SentAsync(delivery, mime.MessageId, ct);
                LogSent(logger, masked, message.DeliveryId, delivery.Attempts);
                break;
            case EmailSendOutcome.Transient when delivery.Attempts < o.MaxSendAttempts:
                await log.RetryingAsync(delivery, result.ErrorCode, Scrub(result.Error, message.To, masked), ct);
                LogTransient(logger, masked, message.DeliveryId, result.ErrorCode, delivery.Attempts);
                throw new TransientDeliveryException($"E-mail delivery {message.DeliveryId} failed transiently ({result.ErrorCode})");
            default:
                var failure = result.Outcome == EmailSendOutcome.Transient ? DeliveryFailure.GaveUp : result.Failure;
                await log.FailedAsync(delivery, failure, result.ErrorCode, Scrub(result.Error, message.To, masked), ct);
                LogFailed(logger, masked, message.DeliveryId, failure, result.ErrorCode);
                break;
        }
    }

    /// <summary>Servers quote the recipient in their errors; the record keeps only the masked address.</summary>
    private static string? Scrub(string? error, string address, string masked) =>
        error?.Replace(address, masked, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Activation e-mail to {To} sent (delivery {DeliveryId}, attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, string to, Guid deliveryId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation e-mail to {To} failed transiently (delivery {DeliveryId}, {ErrorCode}, attempt {Attempt}); retrying")]
    private static partial void LogTransient(ILogger logger, string to, Guid deliveryId, string? errorCode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation e-mail to {To} failed for good (delivery {DeliveryId}, {Failure}, {ErrorCode})")]
    private static partial void LogFailed(ILogger logger, string to, Guid deliveryId, DeliveryFailure failure, string? errorCode);
}

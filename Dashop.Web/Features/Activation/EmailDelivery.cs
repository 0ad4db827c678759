using Dashop.Web.Infrastructure;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using MassTransit;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashop.Web.Features.Activation;

/// <summary>
/// The one path every e-mail takes (activation, password reset, account notices): a delivery record with the masked
/// address, the send through <see cref="IEmailSender"/>, and a transient failure thrown back to the retry of
/// <see cref="EmailConsumerDefinition{TConsumer}"/> until <see cref="EmailOptions.MaxSendAttempts"/>; a permanent one, or the
/// last attempt, ends the record as failed. Each kind of e-mail is a consumer that only renders its message.
/// </summary>
public sealed partial class EmailDelivery(
    IEmailSender sender,
    DeliveryLog log,
    IOptions<EmailOptions> options,
    IStringLocalizer<SharedResource> text,
    ILogger<EmailDelivery> logger)
{
    public EmailOptions Options => options.Value;

    /// <summary>The words of an e-mail to a reader of <paramref name="culture"/>.</summary>
    public EmailText TextFor(string culture) => new(text, culture);

    /// <summary>
    /// Sends what <paramref name="render"/> makes (null when what it carries has expired) as delivery <paramref name="deliveryId"/>.
    /// With <paramref name="rememberRecipient"/> false the record keeps only the masked address (the last e-mail to a deleted account).
    /// When <paramref name="hasAddressee"/> says no, nothing is sent and the record says suppressed (a reset asked for an
    /// address no account has: published all the same, so that the request does the same work either way).
    /// </summary>
    public async Task SendAsync(ConsumeContext context, Guid deliveryId, string to, string kind, Func<MimeMessage?> render,
        bool rememberRecipient = true, Func<CancellationToken, Task<bool>>? hasAddressee = null)
    {
        var masked = Masking.Email(to);
        var ct = context.CancellationToken;
        var delivery = await log.BeginAttemptAsync(deliveryId, DeliveryChannel.Email, sender.Name, to, masked, kind, context.MayHaveBeenSeen(), ct,
            rememberRecipient);
        if (delivery.Status != DeliveryStatus.Pending)
            return;
        if (hasAddressee is not null && !await hasAddressee(ct))
        {
            await log.SuppressedAsync(delivery, "no account", ct);
            LogSuppressed(logger, kind, masked, deliveryId);
            return;
        }
        if (render() is not { } mime)
        {
            await log.FailedAsync(delivery, DeliveryFailure.Expired, "expired", "the link expired before it could be sent", ct);
            return;
        }

        var result = await sender.SendAsync(mime, ct);
        var error = result.Error?.Replace(to, masked, StringComparison.OrdinalIgnoreCase); // servers quote the recipient
        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                await log.SentAsync(delivery, mime.MessageId, ct);
                LogSent(logger, kind, masked, deliveryId, delivery.Attempts);
                break;
            case SendOutcome.Transient when delivery.Attempts < Options.MaxSendAttempts:
                await log.RetryingAsync(delivery, result.ErrorCode, error, ct);
                LogTransient(logger, kind, masked, deliveryId, result.ErrorCode, delivery.Attempts);
                throw new TransientDeliveryException($"E-mail delivery {deliveryId} failed transiently ({result.ErrorCode})");
            default:
                var failure = result.Outcome == SendOutcome.Transient ? DeliveryFailure.GaveUp : result.Failure;
                await log.FailedAsync(delivery, failure, result.ErrorCode, error, ct);
                LogFailed(logger, kind, masked, deliveryId, failure, result.ErrorCode);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {Kind} to {To} suppressed: no account has the address (delivery {DeliveryId})")]
    private static partial void LogSuppressed(ILogger logger, string kind, string to, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {Kind} to {To} sent (delivery {DeliveryId}, attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, string kind, string to, Guid deliveryId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {Kind} to {To} failed transiently (delivery {DeliveryId}, {ErrorCode}, attempt {Attempt}); retrying")]
    private static partial void LogTransient(ILogger logger, string kind, string to, Guid deliveryId, string? errorCode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {Kind} to {To} failed for good (delivery {DeliveryId}, {Failure}, {ErrorCode})")]
    private static partial void LogFailed(ILogger logger, string kind, string to, Guid deliveryId, DeliveryFailure failure, string? errorCode);
}

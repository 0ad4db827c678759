using Dashop.Web.Infrastructure;
using Dashop.Contracts;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Security;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Sms;

/// <summary>Delivers one verification code through the configured provider and records the outcome.</summary>
public sealed partial class SendSmsCodeConsumer(
    ISmsSender sender,
    DeliveryLog log,
    SmsCodeService codes,
    SmsSiteQuota siteQuota,
    ISmsAccountDirectory accounts,
    IOptions<SmsOptions> options,
    IOptions<AccountsOptions> accountOptions,
    TimeProvider time,
    ILogger<SendSmsCodeConsumer> logger) : IConsumer<SendSmsCode>
{
    public async Task Consume(ConsumeContext<SendSmsCode> context)
    {
        var message = context.Message;
        var masked = Masking.Phone(message.Phone);
        var ct = context.CancellationToken;
        var mayHaveBeenSeen = context.MayHaveBeenSeen();

        var purpose = SmsPurposes.Parse(message.Purpose) ?? SmsPurpose.Register;
        var delivery = await log.BeginAttemptAsync(message.DeliveryId, DeliveryChannel.Sms, sender.Name, message.Phone, masked, purpose.Name(),
            mayHaveBeenSeen, ct);
        if (delivery.Status != DeliveryStatus.Pending)
            return; // already delivered or given up: a redelivered message must not send twice

        var code = codes.ReadCode(message);
        if (time.GetUtcNow().UtcDateTime >= message.ExpiresAtUtc || code is null)
        {
            await log.FailedAsync(delivery, DeliveryFailure.Expired, "expired", "the code expired before it could be sent", ct);
            LogExpired(logger, masked, message.DeliveryId);
            return;
        }

        // The shop pays for no SMS to strangers, and nobody learns who has an account: the request answered the same.
        if (purpose.NeedsAccount(accountOptions.Value.SmsSignUp))
        {
            if (!await accounts.HasAccountAsync(message.Phone, ct))
            {
                await log.SuppressedAsync(delivery, "no account", ct);
                LogSuppressed(logger, masked, message.DeliveryId, purpose.Name());
                return;
            }
            // The row appears at the same point as a suppressed one (not after the provider's answer), so that a followed
            // status cannot tell the two apart by when it stops being pending.
            await log.PendingAsync(delivery, ct);
        }

        // Only SMS really handed to the provider count against the site's hourly cap; suppressed and refused ones do not.
        if (!await siteQuota.TryCountSendAsync(message.DeliveryId))
        {
            await log.FailedAsync(delivery, DeliveryFailure.SiteLimit, "site-cap", "Sms:MaxPerHour reached", ct);
            await codes.ReleaseAsync(message.Phone, message.DeliveryId, ct);
            LogFailed(logger, masked, message.DeliveryId, DeliveryFailure.SiteLimit, "site-cap");
            return;
        }

        var result = await sender.SendAsync(
            new SmsMessage(message.DeliveryId, message.Phone, code, message.ValidMinutes, purpose, IsRetry: delivery.Attempts > 1 || mayHaveBeenSeen), ct);

        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                await log.SentAsync(delivery, result.ProviderMessageId, ct);
                LogSent(logger, masked, message.DeliveryId, delivery.Attempts);
                break;

            case SendOutcome.Transient when delivery.Attempts < options.Value.MaxSendAttempts:
                await log.RetryingAsync(delivery, result.ErrorCode, result.Error, ct);
                LogTransient(logger, masked, message.DeliveryId, result.ErrorCode, delivery.Attempts);
                throw new TransientDeliveryException($"SMS delivery {message.DeliveryId} failed transiently ({result.ErrorCode})");

            default:
                var failure = result.Outcome == SendOutcome.Transient ? DeliveryFailure.GaveUp : result.Failure;
                await log.FailedAsync(delivery, failure, result.ErrorCode, result.Error, ct);
                await codes.ReleaseAsync(message.Phone, message.DeliveryId, ct);
                LogFailed(logger, masked, message.DeliveryId, failure, result.ErrorCode);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS to {Phone} sent (delivery {DeliveryId}, attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, string phone, Guid deliveryId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS to {Phone} failed transiently (delivery {DeliveryId}, {ErrorCode}, attempt {Attempt}); retrying")]
    private static partial void LogTransient(ILogger logger, string phone, Guid deliveryId, string? errorCode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS to {Phone} failed for good (delivery {DeliveryId}, {Failure}, {ErrorCode}); cooldown released")]
    private static partial void LogFailed(ILogger logger, string phone, Guid deliveryId, DeliveryFailure failure, string? errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS to {Phone} not sent: no account has that phone (delivery {DeliveryId}, {Purpose})")]
    private static partial void LogSuppressed(ILogger logger, string phone, Guid deliveryId, string purpose);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS to {Phone} not sent: its code expired first (delivery {DeliveryId})")]
    private static partial void LogExpired(ILogger logger, string phone, Guid deliveryId);
}

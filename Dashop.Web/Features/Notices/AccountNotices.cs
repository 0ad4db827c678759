using System.Globalization;
using Dashop.Contracts;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Notices;

/// <summary>
/// Queues the e-mails that tell a person what changed on their account (spec §11), after the change is saved. A notice
/// never undoes or fails the change: a bus failure is logged. Every notice is a security notice: capped only per
/// recipient, at most <c>Email:MaxNoticesPerAddressPerDay</c> a (China) day to one address, so that nobody floods an inbox by
/// changing a phone back and forth. Never per requesting address (spec §18): whoever sends many notices from one network
/// (their own accounts' changes) must not mute the notice of a change made from that network on someone else's account.
/// </summary>
public sealed partial class AccountNotices(
    IPublishEndpoint publisher,
    IAtomicStore atomic,
    DeliveryRecipients recipients,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time,
    ILogger<AccountNotices> logger)
{

    /// <summary>Tells the account's address, if it is confirmed (an unconfirmed one may not be the owner's); false when nothing was queued.</summary>
    public Task<bool> TellAsync(DashopUser user, string kind, string? detail, CancellationToken cancellationToken) =>
        user.EmailConfirmed && !string.IsNullOrEmpty(user.Email)
            ? SendAsync(user.Email, user.UserName!, kind, detail, rememberRecipient: kind != AccountNoticeKind.AccountDeleted, cancellationToken)
            : Task.FromResult(false);

    /// <summary>Tells <paramref name="to"/>, an address the account no longer has (the old one after an e-mail change).</summary>
    public Task<bool> TellFormerAddressAsync(string to, string userName, string kind, string? detail, CancellationToken cancellationToken) =>
        SendAsync(to, userName, kind, detail, rememberRecipient: true, cancellationToken);

    private async Task<bool> SendAsync(string to, string userName, string kind, string? detail, bool rememberRecipient,
        CancellationToken cancellationToken)
    {
        if (await CappedAsync(to))
        {
            LogCapped(logger, kind, Masking.Email(to));
            return false;
        }
        var message = new SendAccountNotice(NewId.NextGuid(), to, userName, kind, detail, time.GetUtcNow(), CultureInfo.CurrentUICulture.Name,
            rememberRecipient);
        try
        {
            await publisher.Publish(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (MessagingExceptions.Is(ex))
        {
            LogQueueFailed(logger, kind, Masking.Email(to), ex.GetType().Name);
            return false;
        }
    }

    /// <summary>A cache that cannot count lets the notice go: it reports a change the person made with their password.</summary>
    private async Task<bool> CappedAsync(string to)
    {
        try
        {
            var claim = await atomic.CountAsync([Quota.PerChinaDay($"notice:to:{recipients.Key(to)}", emailOptions.Value.MaxNoticesPerAddressPerDay, time)]);
            return claim.Outcome == ClaimOutcome.QuotaExceeded;
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account notice {Kind} to {To} not sent: the address reached its daily cap")]
    private static partial void LogCapped(ILogger logger, string kind, string to);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account notice {Kind} to {To} could not be queued ({Error})")]
    private static partial void LogQueueFailed(ILogger logger, string kind, string to, string error);
}

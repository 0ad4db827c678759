using System.Globalization;
using Dashop.Contracts;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Web;
using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Activation;

/// <summary>E-mail activation (spec §9): queues the link after an account is created, confirms it, resends it.</summary>
public sealed partial class ActivationService(
    UserManager<DashopUser> users,
    IPublishEndpoint publisher,
    IAtomicStore atomic,
    DeliveryRecipients recipients,
    MessageProtection protection,
    EmailLinks links,
    IOptions<EmailOptions> email,
    TimeProvider time,
    ILogger<ActivationService> logger) : IAccountCreatedNotifier
{

    /// <summary>The Data Protection purpose of <see cref="SendActivationEmail.ProtectedLink"/>.</summary>
    public const string MessageProtectionPurpose = "activation-link";

    /// <summary>How long the message may wait for its consumer (retries included) before the link in it is void.</summary>
    private static readonly TimeSpan MessageLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// A new account with an address still to confirm gets its activation e-mail. The account is created whatever happens
    /// here; past the address's daily cap its e-mail is just not sent.
    /// </summary>
    public async Task AccountCreatedAsync(DashopUser user, CancellationToken cancellationToken)
    {
        if (!user.EmailConfirmed && !string.IsNullOrEmpty(user.Email))
            await QueueAsync(user, cancellationToken);
    }

    // Why a resend is refused; each is formatted with its cap's number.
    public const string TooSoonMessage = "Please wait {0} seconds before asking for another link.";
    public const string DailyLimitMessage = "You have asked for {0} links today; please try again tomorrow.";
    public const string AddressLimitMessage = "Your e-mail address has been sent {0} activation links today; please try again tomorrow.";

    /// <summary>
    /// Publishes the e-mail after the account is committed, within <see cref="EmailOptions.MaxActivationEmailsPerAddressPerDay"/>
    /// for its address. A bus or store failure is logged, not thrown: the person can resend.
    /// </summary>
    public async Task<Result> QueueAsync(DashopUser user, CancellationToken cancellationToken)
    {
        try
        {
            var claim = await atomic.CountAsync(
                [Quota.PerChinaDay($"activation-mail:to:{recipients.Key(user.Email!)}", email.Value.MaxActivationEmailsPerAddressPerDay, time)]);
            if (claim.Outcome == ClaimOutcome.QuotaExceeded)
            {
                LogAddressCapped(logger, user.Id);
                return Result.Limited(null, new FieldError(AccountFields.Email.Name, AddressLimitMessage));
            }
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogQueueFailed(logger, user.Id, ex.GetType().Name);
            return Result.Fail(Failure.Unavailable);
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = links.To(nameof(ActivationController.Activate), "Activation", user.Id, token);
        var protectedLink = protection.Protect(MessageProtectionPurpose, link, time.GetUtcNow() + MessageLifetime);
        var message = new SendActivationEmail(NewId.NextGuid(), user.Email!, user.UserName!, protectedLink, CultureInfo.CurrentUICulture.Name);
        try
        {
            await publisher.Publish(message, cancellationToken);
            LogQueued(logger, user.Id, message.DeliveryId);
            return Result.Ok;
        }
        catch (Exception ex) when (MessagingExceptions.Is(ex))
        {
            LogQueueFailed(logger, user.Id, ex.GetType().Name);
            return Result.Fail(Failure.Unavailable);
        }
    }

    /// <summary>
    /// What the link would do, changing nothing (a mail scanner that follows it confirms nothing): succeeds when the
    /// link would confirm; <see cref="Failure.AlreadyDone"/> (confirmed earlier) or <see cref="Failure.Expired"/> (not a good link).
    /// </summary>
    public Task<Result> CheckAsync(string? userId, string? encodedToken) => ConfirmAsync(userId, encodedToken, confirm: false);

    /// <summary>Confirms the address; only the page's POST calls this. The same failures as <see cref="CheckAsync"/>.</summary>
    public Task<Result> ConfirmAsync(string? userId, string? encodedToken) => ConfirmAsync(userId, encodedToken, confirm: true);

    private async Task<Result> ConfirmAsync(string? userId, string? encodedToken, bool confirm)
    {
        var invalid = Result.Fail(Failure.Expired);
        if (!EmailLinks.TryReadToken(userId, encodedToken, out var token) || await users.FindByIdAsync(userId!) is not { } user)
            return invalid;

        // The token is checked first, so that "already confirmed" is said only to whoever holds a valid link.
        if (user.EmailConfirmed || !confirm)
        {
            var valid = await users.VerifyUserTokenAsync(user, users.Options.Tokens.EmailConfirmationTokenProvider,
                UserManager<DashopUser>.ConfirmEmailTokenPurpose, token);
            return !valid ? invalid
                : user.EmailConfirmed ? Result.Fail(Failure.AlreadyDone)
                : Result.Ok;
        }
        var result = await users.ConfirmEmailAsync(user, token);
        if (result.Succeeded)
            LogConfirmed(logger, user.Id);
        return result.Succeeded ? Result.Ok : invalid;
    }

    /// <summary>
    /// At most one resend per <see cref="EmailOptions.ResendCooldownSeconds"/> and <see cref="EmailOptions.MaxResendsPerDay"/>
    /// a day per account. Why not: <see cref="Failure.AlreadyDone"/>, <see cref="Failure.Limited"/> (the message says which
    /// cap, formatted with its number), <see cref="Failure.Unavailable"/>.
    /// </summary>
    public async Task<Result> ResendAsync(DashopUser user, CancellationToken cancellationToken)
    {
        if (user.EmailConfirmed)
            return Result.Fail(Failure.AlreadyDone);
        var day = time.GetChinaNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var limits = email.Value;
        ClaimResult claim;
        try
        {
            // One hash tag: cooldown and daily count are one step on a Redis Cluster too.
            claim = await atomic.TryClaimAsync($"activation:resend:{{{user.Id}}}", TimeSpan.FromSeconds(limits.ResendCooldownSeconds),
                [new Quota($"activation:day:{{{user.Id}}}:{day}", limits.MaxResendsPerDay, TimeSpan.FromDays(1) + TimeSpan.FromHours(1))], []);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            return Result.Fail(Failure.Unavailable);
        }
        return claim.Outcome switch
        {
            ClaimOutcome.AlreadyClaimed => Result.Limited(TimeSpan.FromSeconds(limits.ResendCooldownSeconds), new FieldError(AccountFields.Email.Name, TooSoonMessage)),
            ClaimOutcome.QuotaExceeded => Result.Limited(null, new FieldError(AccountFields.Email.Name, DailyLimitMessage)),
            _ => await QueueAsync(user, cancellationToken),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activation e-mail for account {UserId} queued (delivery {DeliveryId})")]
    private static partial void LogQueued(ILogger logger, string userId, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation e-mail for account {UserId} not sent: its address has had its activation e-mails for today")]
    private static partial void LogAddressCapped(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation e-mail for account {UserId} could not be queued ({Error})")]
    private static partial void LogQueueFailed(ILogger logger, string userId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail address of account {UserId} confirmed")]
    private static partial void LogConfirmed(ILogger logger, string userId);
}

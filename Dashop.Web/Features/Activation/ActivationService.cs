using System.Globalization;
using System.Text;
using Dashop.Contracts;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Activation;

/// <summary>E-mail activation (spec §9): queues the link after an account is created, confirms it, resends it.</summary>
public sealed partial class ActivationService(
    UserManager<DashopUser> users,
    IPublishEndpoint publisher,
    IAtomicStore atomic,
    IOptions<AppOptions> app,
    TimeProvider time,
    ILogger<ActivationService> logger) : IAccountCreatedNotifier
{
    public static readonly TimeSpan ResendCooldown = TimeSpan.FromMinutes(1);
    public const int MaxResendsPerDay = 5;

    public Task AccountCreatedAsync(DashopUser user, CancellationToken cancellationToken) => QueueAsync(user, cancellationToken);

    /// <summary>Publishes the e-mail after the account is committed. A bus failure is logged, not thrown: the person can resend.</summary>
    public async Task<bool> QueueAsync(DashopUser user, CancellationToken cancellationToken)
    {
        var token = await users.GenerateUserTokenAsync(user, EmailConfirmationTokenProvider.ProviderName, UserManager<DashopUser>.ConfirmEmailTokenPurpose);
        var link = $"{app.Value.PublicBaseUrl.TrimEnd('/')}/activate?uid={Uri.EscapeDataString(user.Id)}&token={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
        var message = new SendActivationEmail(NewId.NextGuid(), user.Email!, user.UserName!, link, CultureInfo.CurrentUICulture.Name);
        try
        {
            await publisher.Publish(message, cancellationToken);
            LogQueued(logger, user.Id, message.DeliveryId);
            return true;
        }
        catch (Exception ex) when (ex is MassTransitException or TimeoutException or OperationCanceledException)
        {
            LogQueueFailed(logger, user.Id, ex.GetType().Name);
            return false;
        }
    }

    public async Task<ActivationOutcome> ConfirmAsync(string? userId, string? encodedToken)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(encodedToken) || userId.Length > 64 || encodedToken.Length > 2048)
            return ActivationOutcome.Invalid;
        var user = await users.FindByIdAsync(userId);
        if (user is null)
            return ActivationOutcome.Invalid;
        if (user.EmailConfirmed)
            return ActivationOutcome.AlreadyConfirmed;

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encodedToken));
        }
        catch (FormatException)
        {
            return ActivationOutcome.Invalid;
        }

        var valid = await users.VerifyUserTokenAsync(user, EmailConfirmationTokenProvider.ProviderName, UserManager<DashopUser>.ConfirmEmailTokenPurpose, token);
        if (!valid)
            return ActivationOutcome.Invalid;
        user.EmailConfirmed = true;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded)
            LogConfirmed(logger, user.Id);
        return result.Succeeded ? ActivationOutcome.Confirmed : ActivationOutcome.Invalid;
    }

    /// <summary>At most one resend a minute and five a day per account.</summary>
    public async Task<ResendOutcome> ResendAsync(DashopUser user, CancellationToken cancellationToken)
    {
        if (user.EmailConfirmed)
            return ResendOutcome.AlreadyConfirmed;
        var day = time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        ClaimResult claim;
        try
        {
            claim = await atomic.TryClaimAsync($"activation:resend:{user.Id}", ResendCooldown,
                [new Quota($"activation:day:{user.Id}:{day}", MaxResendsPerDay, TimeSpan.FromDays(1) + TimeSpan.FromHours(1))], []);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return ResendOutcome.Unavailable;
        }
        return claim.Outcome switch
        {
            ClaimOutcome.AlreadyClaimed => ResendOutcome.TooSoon,
            ClaimOutcome.QuotaExceeded => ResendOutcome.DailyLimit,
            _ => await QueueAsync(user, cancellationToken) ? ResendOutcome.Queued : ResendOutcome.Unavailable,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activation e-mail for account {UserId} queued (delivery {DeliveryId})")]
    private static partial void LogQueued(ILogger logger, string userId, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation e-mail for account {UserId} could not be queued ({Error})")]
    private static partial void LogQueueFailed(ILogger logger, string userId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail address of account {UserId} confirmed")]
    private static partial void LogConfirmed(ILogger logger, string userId);
}

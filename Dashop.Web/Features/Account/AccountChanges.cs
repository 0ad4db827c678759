using System.Globalization;
using Dashop.Contracts;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Infrastructure.Security;
using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Account;

/// <summary>
/// The account page's changes (spec §11): password, phone, e-mail, sign out everywhere. A change of password,
/// phone or e-mail address is told to the confirmed address (<see cref="AccountNotices"/>).
/// </summary>
public sealed partial class AccountChanges(
    UserManager<DashopUser> users,
    DashopDbContext db,
    PasswordGate gate,
    LoginService login,
    ReauthenticationService reauth,
    SmsCodeService codes,
    PhoneNumberParser phones,
    PasswordSetter passwords,
    IPublishEndpoint publisher,
    AccountNotices notices,
    IAtomicStore atomic,
    DeliveryRecipients recipients,
    MessageProtection protection,
    EmailLinks links,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time,
    ILogger<AccountChanges> logger)
{
    private static readonly TimeSpan LinkMessageLifetime = TimeSpan.FromDays(1);

    private const string NewPasswordField = "newPassword";


    /// <summary>
    /// A new password; the security stamp changes (other sessions end) and this session is signed in again, keeping its
    /// properties, with the current password as its proof of re-authentication.
    /// </summary>
    public async Task<Result> ChangePasswordAsync(DashopUser user, string? current, string? next, CancellationToken cancellationToken)
    {
        if (AccountRules.PasswordError(next) is { } rule)
            return Result.Invalid(rule with { Field = NewPasswordField });
        if (await gate.CheckAsync(user, current, cancellationToken, recordProof: false) is { Succeeded: false } refused)
            return refused;
        // Stores the new hash with a new stamp: every other cookie fails its next validation.
        if (await passwords.SetAsync(user, next, NewPasswordField, cancellationToken) is { Succeeded: false } notSet)
            return notSet;
        await reauth.RecordAsync(user);
        LogPasswordChanged(logger, user.Id);
        await notices.TellAsync(user, AccountNoticeKind.PasswordChanged, null, cancellationToken);
        return Result.Ok;
    }

    /// <summary>
    /// A new phone, proved by a <c>change_phone</c> code sent to it; refused while another account has it, which is said
    /// only after the right code for it (spec §18: as registration, so that the form tells nobody who has an account).
    /// </summary>
    public async Task<Result> ChangePhoneAsync(DashopUser user, string? password, string? rawPhone, string? code,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(rawPhone))
            return Result.Invalid("phone", AccountRules.PhoneRequired);
        if (phones.ToE164(rawPhone) is not { } phone)
            return Result.Invalid("phone", AccountRules.PhoneInvalid);
        if (phone == user.PhoneNumber)
            return Result.Fail(Failure.AlreadyDone, new FieldError("phone", "This is already your phone number."));
        if (AccountRules.CodeError(code) is { } codeError)
            return Result.Invalid(codeError);
        if (await gate.CheckAsync(user, password, cancellationToken) is { Succeeded: false } refused)
            return refused;
        switch ((await codes.VerifyAsync(phone, code, SmsPurpose.ChangePhone, cancellationToken)).Failure)
        {
            case null:
                break;
            case Failure.Unavailable:
                return Result.Fail(Failure.Unavailable, new FieldError("verify", PasswordMessages.TryAgain));
            default:
                return Result.Fail(Failure.Wrong, AccountRules.CodeWrong);
        }
        if (await db.Users.AnyAsync(u => u.PhoneNumber == phone && u.Id != user.Id, cancellationToken))
            return Result.Fail(Failure.Taken, AccountRules.PhoneTaken);

        var old = user.PhoneNumber;
        user.PhoneNumber = phone;
        user.PhoneNumberConfirmed = true;
        try
        {
            if (!(await users.UpdateAsync(user)).Succeeded)
                throw new DbUpdateException("The phone number was not saved.");
        }
        catch (DbUpdateException)
        {
            // Another account took the number between the check and the write (the unique index said no).
            db.ChangeTracker.Clear();
            user.PhoneNumber = old;
            return Result.Fail(Failure.Taken, AccountRules.PhoneTaken);
        }
        await codes.ConsumeAsync(phone, cancellationToken);
        LogPhoneChanged(logger, user.Id, Masking.Phone(phone));
        await notices.TellAsync(user, AccountNoticeKind.PhoneChanged, Masking.Phone(phone), cancellationToken);
        return Result.Ok;
    }

    /// <summary>
    /// Remembers the new address as pending and e-mails it a confirmation link (Identity's change-e-mail token, which
    /// names the address); the current address stays until the link is used.
    /// </summary>
    public async Task<Result> RequestEmailChangeAsync(DashopUser user, string? password, string? email, string clientIp,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email))
            return Result.Invalid("email", "E-mail is required.");
        email = email.Trim();
        if (AccountRules.EmailError(email) is { } emailError)
            return Result.Invalid(emailError);
        if (string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase) && user.EmailConfirmed)
            return Result.Fail(Failure.AlreadyDone, new FieldError("email", "This is already your e-mail address."));
        if (await gate.CheckAsync(user, password, cancellationToken) is { Succeeded: false } refused)
            return refused;

        if (await CapAsync(user, email, clientIp) is { Succeeded: false } capped)
            return capped;

        await users.SetAuthenticationTokenAsync(user, AccountService.PendingEmailProvider, AccountService.PendingEmailName, email);
        var token = await users.GenerateChangeEmailTokenAsync(user, email);
        var link = links.To(nameof(AccountController.ConfirmEmail), "Account", user.Id, token, new { email });
        var protectedLink = protection.Protect(ActivationService.MessageProtectionPurpose, link, time.GetUtcNow() + LinkMessageLifetime);
        var message = new SendActivationEmail(NewId.NextGuid(), email, user.UserName!, protectedLink, CultureInfo.CurrentUICulture.Name);
        try
        {
            await publisher.Publish(message, cancellationToken);
        }
        catch (Exception ex) when (MessagingExceptions.Is(ex))
        {
            LogQueueFailed(logger, user.Id, ex.GetType().Name);
            return Result.Fail(Failure.Unavailable, new FieldError("email", "The e-mail could not be sent right now; please try again shortly."));
        }
        LogEmailChangeRequested(logger, user.Id, message.DeliveryId);
        return Result.Ok;
    }

    private async Task<Result> CapAsync(DashopUser user, string email, string clientIp)
    {
        var limits = emailOptions.Value;
        ClaimResult claim;
        try
        {
            claim = await atomic.TryClaimAsync($"email-change:cooldown:{user.Id}", TimeSpan.FromMinutes(1),
            [
                Quota.PerChinaDay($"email:day:{recipients.Key(email)}", limits.MaxChangeEmailsPerAddressPerDay, time),
                Quota.PerChinaHour($"email:ip:{clientIp}", limits.MaxChangeEmailsPerIpPerHour, time),
            ], []);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            return Result.Fail(Failure.Unavailable, new FieldError("email", "The e-mail could not be sent right now; please try again shortly."));
        }
        return claim.Outcome switch
        {
            ClaimOutcome.AlreadyClaimed => Result.Limited(TimeSpan.FromMinutes(1), new FieldError("email", "Please wait a minute before asking for another link.")),
            ClaimOutcome.QuotaExceeded => Result.Limited(null, new FieldError("email", "Too many e-mails were sent to this address or from your network today; please try again later.")),
            _ => Result.Ok,
        };
    }

    /// <summary>The link from the e-mail: the pending address becomes the account's, confirmed, and the old confirmed one is told.</summary>
    public async Task<bool> ConfirmEmailChangeAsync(string? userId, string? email, string? encodedToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(email) || email.Length > AccountRules.EmailMax || !EmailLinks.TryReadToken(userId, encodedToken, out var token)
            || await users.FindByIdAsync(userId!) is not { } user)
            return false;
        var pending = await users.GetAuthenticationTokenAsync(user, AccountService.PendingEmailProvider, AccountService.PendingEmailName);
        if (!string.Equals(pending, email, StringComparison.Ordinal))
            return false;
        var (former, formerConfirmed) = (user.Email, user.EmailConfirmed);
        if (!(await users.ChangeEmailAsync(user, email, token)).Succeeded)
            return false;
        await users.RemoveAuthenticationTokenAsync(user, AccountService.PendingEmailProvider, AccountService.PendingEmailName);
        LogEmailChanged(logger, user.Id);
        if (formerConfirmed && !string.IsNullOrEmpty(former) && !string.Equals(former, email, StringComparison.OrdinalIgnoreCase))
            await notices.TellFormerAddressAsync(former, user.UserName!, AccountNoticeKind.EmailChanged, Masking.Email(email), cancellationToken);
        return true;
    }

    /// <summary>Every session and token ends: the security stamp changes, then this session signs out.</summary>
    public async Task SignOutEverywhereAsync(DashopUser user)
    {
        await users.UpdateSecurityStampAsync(user);
        await login.SignOutAsync();
        LogSignedOutEverywhere(logger, user.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} changed its password")]
    private static partial void LogPasswordChanged(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} changed its phone to {Phone}")]
    private static partial void LogPhoneChanged(ILogger logger, string userId, string phone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} asked to change its e-mail address (delivery {DeliveryId})")]
    private static partial void LogEmailChangeRequested(ILogger logger, string userId, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The e-mail change link for account {UserId} could not be queued ({Error})")]
    private static partial void LogQueueFailed(ILogger logger, string userId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} confirmed its new e-mail address")]
    private static partial void LogEmailChanged(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} signed out everywhere")]
    private static partial void LogSignedOutEverywhere(ILogger logger, string userId);
}

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
    public async Task<AccountResult> ChangePasswordAsync(DashopUser user, string? current, string? next, CancellationToken cancellationToken)
    {
        if (AccountRules.PasswordError(next) is { } rule)
            return AccountResult.Fail(NewPasswordField, rule.Message);
        if (await gate.RefuseAsync(user, current, cancellationToken, recordProof: false) is { } refused)
            return refused;
        // Stores the new hash with a new stamp: every other cookie fails its next validation.
        if (await passwords.SetAsync(user, next, NewPasswordField, cancellationToken) is { } problem)
            return AccountResult.Fail(problem.Error.Field, problem.Error.Message);
        await reauth.RecordAsync(user);
        LogPasswordChanged(logger, user.Id);
        await notices.TellAsync(user, AccountNoticeKind.PasswordChanged, null, cancellationToken);
        return AccountResult.Ok;
    }

    /// <summary>
    /// A new phone, proved by a <c>change_phone</c> code sent to it; refused while another account has it, which is said
    /// only after the right code for it (spec §18: as registration, so that the form tells nobody who has an account).
    /// </summary>
    public async Task<AccountResult> ChangePhoneAsync(DashopUser user, string? password, string? rawPhone, string? code,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(rawPhone))
            return AccountResult.Fail("phone", AccountRules.PhoneRequired);
        if (phones.ToE164(rawPhone) is not { } phone)
            return AccountResult.Fail("phone", AccountRules.PhoneInvalid);
        if (phone == user.PhoneNumber)
            return AccountResult.Fail("phone", "This is already your phone number.");
        if (AccountRules.CodeError(code) is { } codeError)
            return AccountResult.Fail("verify", codeError.Message);
        if (await gate.RefuseAsync(user, password, cancellationToken) is { } refused)
            return refused;
        switch (await codes.VerifyAsync(phone, code, SmsPurpose.ChangePhone, cancellationToken))
        {
            case SmsVerifyOutcome.Valid:
                break;
            case SmsVerifyOutcome.Unavailable:
                return AccountResult.Fail("verify", PasswordMessages.TryAgain);
            default:
                return AccountResult.Fail("verify", FieldError.CodeWrong.Message);
        }
        if (await db.Users.AnyAsync(u => u.PhoneNumber == phone && u.Id != user.Id, cancellationToken))
            return AccountResult.Fail("phone", FieldError.PhoneTaken.Message);

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
            return AccountResult.Fail("phone", FieldError.PhoneTaken.Message);
        }
        await codes.ConsumeAsync(phone, cancellationToken);
        LogPhoneChanged(logger, user.Id, Masking.Phone(phone));
        await notices.TellAsync(user, AccountNoticeKind.PhoneChanged, Masking.Phone(phone), cancellationToken);
        return AccountResult.Ok;
    }

    /// <summary>
    /// Remembers the new address as pending and e-mails it a confirmation link (Identity's change-e-mail token, which
    /// names the address); the current address stays until the link is used.
    /// </summary>
    public async Task<AccountResult> RequestEmailChangeAsync(DashopUser user, string? password, string? email, string clientIp,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email))
            return AccountResult.Fail("email", "E-mail is required.");
        email = email.Trim();
        if (AccountRules.EmailError(email) is { } emailError)
            return AccountResult.Fail("email", emailError.Message);
        if (string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase) && user.EmailConfirmed)
            return AccountResult.Fail("email", "This is already your e-mail address.");
        if (await gate.RefuseAsync(user, password, cancellationToken) is { } refused)
            return refused;

        if (await CapRefusesAsync(user, email, clientIp) is { } capped)
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
        catch (Exception ex) when (MessagingFailure.Is(ex))
        {
            LogQueueFailed(logger, user.Id, ex.GetType().Name);
            return AccountResult.Fail("email", "The e-mail could not be sent right now; please try again shortly.");
        }
        LogEmailChangeRequested(logger, user.Id, message.DeliveryId);
        return AccountResult.Ok;
    }

    private async Task<AccountResult?> CapRefusesAsync(DashopUser user, string email, string clientIp)
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
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return AccountResult.Fail("email", "The e-mail could not be sent right now; please try again shortly.");
        }
        return claim.Outcome switch
        {
            ClaimOutcome.AlreadyClaimed => AccountResult.Fail("email", "Please wait a minute before asking for another link."),
            ClaimOutcome.QuotaExceeded => AccountResult.Fail("email", "Too many e-mails were sent to this address or from your network today; please try again later."),
            _ => null,
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

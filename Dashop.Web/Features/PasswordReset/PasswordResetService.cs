using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dashop.Contracts;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Web;
using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>
/// Forgotten password (spec §11): a new password proved by an SMS code (purpose reset) or by a link mailed to a confirmed
/// address. A reset writes a PBKDF2 hash behind the bulkhead, changes the security stamp (every other session and /v1
/// token ends, and the link cannot be used again), clears the lockout and tells the confirmed address.
/// </summary>
public sealed partial class PasswordResetService(
    UserManager<DashopUser> users,
    LoginService logins,
    SmsCodeService codes,
    PhoneNumberParser phones,
    PasswordSetter passwords,
    IPublishEndpoint publisher,
    AccountNotices notices,
    IAtomicStore atomic,
    DeliveryRecipients recipients,
    MessageProtection protection,
    EmailLinks links,
    IOptions<PasswordResetOptions> options,
    TimeProvider time,
    ILogger<PasswordResetService> logger)
{
    /// <summary>The Data Protection purpose of <see cref="SendPasswordResetEmail.ProtectedLink"/>.</summary>
    public const string MessageProtectionPurpose = "password-reset-link";

    private static readonly EmailAddressAttribute EmailFormat = new();

    /// <summary>
    /// Mails a link to each account whose confirmed address this is. The caps are counted for every address, known or
    /// not, and the answer is the same: it tells nobody whether an account has the address.
    /// </summary>
    public async Task<ResetEmailOutcome> RequestLinkAsync(string? email, string? clientIp, CancellationToken cancellationToken)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !EmailFormat.IsValid(email))
            return ResetEmailOutcome.InvalidEmail;

        var o = options.Value;
        ClaimResult claim;
        try
        {
            claim = await atomic.CountAsync(
            [
                Quota.PerChinaDay($"reset-mail:to:{recipients.Key(email)}", o.MaxEmailsPerAddressPerDay, time),
                Quota.PerChinaHour($"reset-mail:ip:{clientIp ?? "unknown"}", o.MaxEmailsPerIpPerHour, time),
            ]);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return ResetEmailOutcome.Unavailable;
        }
        if (claim.Outcome == ClaimOutcome.QuotaExceeded)
            return ResetEmailOutcome.Limited;

        var normalized = users.NormalizeEmail(email);
        var accounts = await users.Users.Where(u => u.NormalizedEmail == normalized && u.EmailConfirmed).ToListAsync(cancellationToken);
        // The same work for an address no account has: a token and a message for a stranger, which the consumer drops
        // (SendPasswordResetEmailConsumer), so neither the answer nor its time tells whether an account has the address.
        if (accounts.Count == 0)
            accounts.Add(Stranger(email));
        foreach (var user in accounts)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = links.To(nameof(PasswordResetController.Reset), "PasswordReset", user.Id, token);
            var protectedLink = protection.Protect(MessageProtectionPurpose, link, time.GetUtcNow() + o.LinkLifetime);
            if (!await PublishAsync(new SendPasswordResetEmail(NewId.NextGuid(), user.Email!, user.UserName!, protectedLink,
                    CultureInfo.CurrentUICulture.Name), user.Id, cancellationToken))
                return ResetEmailOutcome.Unavailable;
        }
        return ResetEmailOutcome.Accepted;
    }

    /// <summary>An account that does not exist (never saved): its token is made as a real one is, and its link works for nobody.</summary>
    private static DashopUser Stranger(string email) => new()
    {
        Id = Guid.NewGuid().ToString(),
        UserName = "",
        Email = email,
        EmailConfirmed = true,
        SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
    };

    /// <summary>
    /// Whether the e-mail of a reset message still has its addressee: an account named <paramref name="userName"/> whose
    /// confirmed address is <paramref name="email"/>. False for a stranger's message, and for an address changed since.
    /// </summary>
    public async Task<bool> IsAddresseeAsync(string userName, string email, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userName))
            return false;
        var name = users.NormalizeName(userName);
        var normalized = users.NormalizeEmail(email);
        return await users.Users.AnyAsync(u => u.NormalizedUserName == name && u.NormalizedEmail == normalized && u.EmailConfirmed, cancellationToken);
    }

    /// <summary>Whether a link's user id and token are (still) good: the GET shows the form only then, and changes nothing.</summary>
    public async Task<bool> IsLinkValidAsync(string? userId, string? encodedToken) => await FindByLinkAsync(userId, encodedToken) is not null;

    public async Task<PasswordResetResult> ResetWithLinkAsync(string? userId, string? encodedToken, string? password, CancellationToken cancellationToken)
    {
        if (await FindByLinkAsync(userId, encodedToken) is not { } user)
            return new PasswordResetResult(PasswordResetOutcome.LinkInvalid);
        // Used twice at the same moment: the second save fails on the concurrency stamp, so the link still works once.
        return await SetPasswordAsync(user, password, PasswordResetOutcome.LinkInvalid, cancellationToken);
    }

    public async Task<PasswordResetResult> ResetWithCodeAsync(string? rawPhone, string? code, string? password, CancellationToken cancellationToken)
    {
        if (phones.ToE164(rawPhone) is not { } phone)
            return new PasswordResetResult(PasswordResetOutcome.CodeWrong, new FieldError(AccountFields.Phone.Name, AccountRules.PhoneInvalid));
        var verified = await codes.VerifyAsync(phone, code, SmsPurpose.Reset, cancellationToken);
        if (verified == SmsVerifyOutcome.Unavailable)
            return new PasswordResetResult(PasswordResetOutcome.Unavailable);
        // A code for a phone with no account was never sent (the consumer suppressed it): the same answer as a wrong one.
        var user = verified == SmsVerifyOutcome.Valid ? await users.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, cancellationToken) : null;
        if (user is null)
            return new PasswordResetResult(PasswordResetOutcome.CodeWrong, FieldError.CodeWrong);
        var result = await SetPasswordAsync(user, password, PasswordResetOutcome.CodeWrong, cancellationToken);
        if (result.Succeeded)
            await codes.ConsumeAsync(phone, cancellationToken);
        return result;
    }

    private async Task<DashopUser?> FindByLinkAsync(string? userId, string? encodedToken)
    {
        if (!EmailLinks.TryReadToken(userId, encodedToken, out var token) || await users.FindByIdAsync(userId!) is not { } user)
            return null;
        var valid = await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
            UserManager<DashopUser>.ResetPasswordTokenPurpose, token);
        return valid ? user : null;
    }

    private async Task<PasswordResetResult> SetPasswordAsync(DashopUser user, string? password, PasswordResetOutcome whenStale,
        CancellationToken cancellationToken)
    {
        // A new stamp with the new hash: every cookie and /v1 token issued before, and this very link, end here.
        switch (await passwords.SetAsync(user, password, AccountFields.Password.Name, cancellationToken))
        {
            case { Kind: PasswordProblemKind.Busy } busy:
                return new PasswordResetResult(PasswordResetOutcome.Busy, busy.Error);
            case { Kind: PasswordProblemKind.Invalid } invalid:
                return new PasswordResetResult(PasswordResetOutcome.InvalidPassword, invalid.Error);
            case { Kind: PasswordProblemKind.Stale }:
                return new PasswordResetResult(whenStale, whenStale == PasswordResetOutcome.CodeWrong ? FieldError.CodeWrong : null);
        }
        await logins.ClearLockoutAsync(user);
        LogReset(logger, user.Id);

        await notices.TellAsync(user, AccountNoticeKind.PasswordChanged, null, cancellationToken);
        return new PasswordResetResult(PasswordResetOutcome.Succeeded);
    }

    /// <summary>A bus failure is logged, not thrown: the reset itself stands.</summary>
    private async Task<bool> PublishAsync<T>(T message, string userId, CancellationToken cancellationToken) where T : class
    {
        try
        {
            await publisher.Publish(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (MessagingFailure.Is(ex))
        {
            LogQueueFailed(logger, typeof(T).Name, userId, ex.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password of account {UserId} reset")]
    private static partial void LogReset(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message} for account {UserId} could not be queued ({Error})")]
    private static partial void LogQueueFailed(ILogger logger, string message, string userId, string error);
}

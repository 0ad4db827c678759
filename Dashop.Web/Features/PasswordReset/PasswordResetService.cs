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
using Dashop.Web.Infrastructure.Results;

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
    /// not, and the answer is the same: it tells nobody whether an account has the address. Why not:
    /// <see cref="Failure.Invalid"/> (not an address), <see cref="Failure.Limited"/>, <see cref="Failure.Unavailable"/>.
    /// </summary>
    public async Task<Result> RequestLinkAsync(string? email, string? clientIp, CancellationToken cancellationToken)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !EmailFormat.IsValid(email))
            return Result.Invalid(AccountFields.Email.Name, AccountRules.EmailInvalid);

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
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            return Result.Fail(Failure.Unavailable);
        }
        if (claim.Outcome == ClaimOutcome.QuotaExceeded)
            return Result.Limited();

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
                return Result.Fail(Failure.Unavailable);
        }
        return Result.Ok;
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

    /// <summary>
    /// A new password through an e-mailed link. Why not: <see cref="Failure.Expired"/> (the link is not, or no longer,
    /// good), <see cref="Failure.Invalid"/> (the password), <see cref="Failure.Busy"/>.
    /// </summary>
    public async Task<Result> ResetWithLinkAsync(string? userId, string? encodedToken, string? password, CancellationToken cancellationToken)
    {
        if (await FindByLinkAsync(userId, encodedToken) is not { } user)
            return Result.Fail(Failure.Expired);
        // Used twice at the same moment: the second save fails on the concurrency stamp, so the link still works once.
        return await SetPasswordAsync(user, password, Result.Fail(Failure.Expired), cancellationToken);
    }

    /// <summary>
    /// A new password through a <c>reset</c> SMS code. Why not: <see cref="Failure.Wrong"/> (the phone or the code, on its
    /// field), <see cref="Failure.Invalid"/> (the password), <see cref="Failure.Busy"/>, <see cref="Failure.Unavailable"/>.
    /// </summary>
    public async Task<Result> ResetWithCodeAsync(string? rawPhone, string? code, string? password, CancellationToken cancellationToken)
    {
        if (phones.ToE164(rawPhone) is not { } phone)
            return Result.Fail(Failure.Wrong, new FieldError(AccountFields.Phone.Name, AccountRules.PhoneInvalid));
        var verified = await codes.VerifyAsync(phone, code, SmsPurpose.Reset, cancellationToken);
        if (verified.Failure == Failure.Unavailable)
            return Result.Fail(Failure.Unavailable);
        // A code for a phone with no account was never sent (the consumer suppressed it): the same answer as a wrong one.
        var user = verified.Succeeded ? await users.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, cancellationToken) : null;
        var wrongCode = Result.Fail(Failure.Wrong, AccountRules.CodeWrong);
        if (user is null)
            return wrongCode;
        var result = await SetPasswordAsync(user, password, wrongCode, cancellationToken);
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

    /// <summary><paramref name="whenStale"/>: the answer when the account changed meanwhile (the link or code was used at the same moment).</summary>
    private async Task<Result> SetPasswordAsync(DashopUser user, string? password, Result whenStale, CancellationToken cancellationToken)
    {
        // A new stamp with the new hash: every cookie and /v1 token issued before, and this very link, end here.
        var set = await passwords.SetAsync(user, password, AccountFields.Password.Name, cancellationToken);
        if (!set.Succeeded)
            return set.Failure == Failure.Unavailable ? whenStale : set;
        await logins.ClearLockoutAsync(user);
        LogReset(logger, user.Id);

        await notices.TellAsync(user, AccountNoticeKind.PasswordChanged, null, cancellationToken);
        return Result.Ok;
    }

    /// <summary>A bus failure is logged, not thrown: the reset itself stands.</summary>
    private async Task<bool> PublishAsync<T>(T message, string userId, CancellationToken cancellationToken) where T : class
    {
        try
        {
            await publisher.Publish(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (MessagingExceptions.Is(ex))
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

using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Registration;

/// <summary>
/// The one way an account comes to exist, for /register, /v1/users, the Weibo bind and create-admin: the password is
/// hashed first (outside the transaction: SQLite holds its one write lock for the whole transaction), then the user, its
/// role and its Weibo link are written in one transaction, then the activation e-mail is queued.
/// </summary>
public sealed partial class AccountCreator(
    DashopDbContext db,
    UserManager<DashopUser> users,
    IEnumerable<IAccountCreatedNotifier> notifiers,
    PasswordHashBulkhead bulkhead,
    TimeProvider time,
    ILogger<AccountCreator> logger)
{
    public async Task<AccountCreationResult> CreateAsync(NewAccount account, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var user = new DashopUser
        {
            UserName = account.Username.Trim(),
            Email = account.Email.Trim(),
            EmailConfirmed = account.EmailConfirmed,
            PhoneNumber = account.PhoneE164,
            PhoneNumberConfirmed = true,
            CreatedAtUtc = now,
            TermsAcceptedAtUtc = account.TermsVersion is null ? null : now,
            TermsVersion = account.TermsVersion,
        };
        IdentityResult hashed;
        try
        {
            hashed = await users.HashNewPasswordAsync(user, account.Password, bulkhead, cancellationToken);
        }
        catch (PasswordHashBusyException)
        {
            return new AccountCreationResult(null, AccountCreationError.Busy, FieldError.Busy);
        }
        if (!hashed.Succeeded)
            return new AccountCreationResult(null, AccountCreationError.InvalidField, FieldError.FromIdentity(hashed));

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var error = AccountCreationError.None;
            FieldError? field = null;
            try
            {
                var created = await users.CreateAsync(user);
                if (created.Succeeded && account.Role is { } role)
                    created = await users.AddToRoleAsync(user, role);
                if (!created.Succeeded)
                    (error, field) = (AccountCreationError.InvalidField, FieldError.FromIdentity(created));
                else if (account.WeiboUid is { } wuid && !await db.WeiboProfiles.TryLinkAsync(wuid, user.Id, now, cancellationToken))
                    error = AccountCreationError.WeiboAlreadyBound;
            }
            catch (DbUpdateException)
            {
                // Lost a race on a unique key: the username or the phone was taken at the same moment.
                error = AccountCreationError.Taken;
            }

            if (error != AccountCreationError.None)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                if (error == AccountCreationError.Taken)
                    field = await TakenAsync(account.Username, account.PhoneE164, CancellationToken.None) ?? FieldError.UsernameOrPhoneTaken;
                return new AccountCreationResult(null, error, field);
            }
            await transaction.CommitAsync(cancellationToken);
        }

        LogCreated(logger, user.Id, PhoneNumberParser.Mask(account.PhoneE164), account.WeiboUid is not null, account.Role ?? "-");
        foreach (var notifier in notifiers)
            await notifier.AccountCreatedAsync(user, cancellationToken);
        return new AccountCreationResult(user, AccountCreationError.None);
    }

    /// <summary>Which field belongs to another account already, if any.</summary>
    public async Task<FieldError?> TakenAsync(string username, string phoneE164, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeName(username.Trim());
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken))
            return FieldError.UsernameTaken;
        if (await db.Users.AnyAsync(u => u.PhoneNumber == phoneE164, cancellationToken))
            return FieldError.PhoneTaken;
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} created with phone {Phone} (Weibo linked: {WeiboLinked}, role: {Role})")]
    private static partial void LogCreated(ILogger logger, string userId, string phone, bool weiboLinked, string role);
}

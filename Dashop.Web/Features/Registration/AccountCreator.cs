using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Registration;

/// <summary>
/// The one way an account comes to exist. For /register, /v1/users, the external-login bind, SMS sign-up and create-admin: the password (if any) is
/// hashed first (outside the transaction: SQLite holds its one write lock for the whole transaction), then the user, its
/// role and its caller's step (the bind's link) are written in one transaction, then every <see cref="IAccountCreatedNotifier"/> is told
/// (Activation queues its e-mail). For import-dadashop: <see cref="ShapeImported"/>.
/// </summary>
public sealed partial class AccountCreator(
    DashopDbContext db,
    UserManager<DashopUser> users,
    IEnumerable<IAccountCreatedNotifier> notifiers,
    PasswordHashBulkhead bulkhead,
    TimeProvider time,
    ILogger<AccountCreator> logger)
{
    /// <summary>
    /// The new account, or why not: <see cref="Failure.Invalid"/> (Identity refused a field), <see cref="Failure.Taken"/>
    /// (the username or phone belongs to another account), <see cref="Failure.Refused"/> (the caller's step refused:
    /// the provider account to link was linked first), <see cref="Failure.Busy"/> (no hashing slot came free).
    /// </summary>
    public async Task<Result<DashopUser>> CreateAsync(NewAccount account, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var user = Shape(account.Username, account.Email, account.EmailConfirmed, account.PhoneE164, now);
        user.TermsAcceptedAtUtc = account.TermsVersion is null ? null : now;
        user.TermsVersion = account.TermsVersion;
        var hashed = account.Password is null ? IdentityResult.Success : await users.HashNewPasswordAsync(user, account.Password, bulkhead, cancellationToken);
        if (!hashed.Succeeded)
            return AccountRules.Refusal(hashed);

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            Result? refused = null;
            try
            {
                var created = await users.CreateAsync(user);
                if (created.Succeeded && account.Role is { } role)
                    created = await users.AddToRoleAsync(user, role);
                if (!created.Succeeded)
                    refused = Result.Invalid(AccountRules.ErrorOf(created));
                else if (account.AlsoInTransaction is { } step && !await step(user, cancellationToken))
                    refused = Result.Fail(Failure.Refused);
            }
            catch (DbUpdateException)
            {
                // Lost a race on a unique key: the username or the phone was taken at the same moment.
                refused = Result.Fail(Failure.Taken);
            }

            if (refused is not null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                if (refused.Failure == Failure.Taken)
                    refused = Result.Fail(Failure.Taken, await TakenAsync(account.Username, account.PhoneE164, CancellationToken.None) ?? AccountRules.UsernameOrPhoneTaken);
                return refused;
            }
            await transaction.CommitAsync(cancellationToken);
        }

        LogCreated(logger, user.Id, Masking.Phone(account.PhoneE164), account.AlsoInTransaction is not null, account.Role ?? "-");
        foreach (var notifier in notifiers)
            await notifier.AccountCreatedAsync(user, cancellationToken);
        return user;
    }

    /// <summary>
    /// An imported account, shaped like every other one but with the legacy hash it brought (replaced by a PBKDF2 hash at
    /// its first password login) and its own creation time. The importer adds it to its batch, whose transaction it owns;
    /// an import is not a sign-up, so no <see cref="IAccountCreatedNotifier"/> is told.
    /// </summary>
    public DashopUser ShapeImported(ImportedAccount account)
    {
        var user = Shape(account.Username, account.Email, account.EmailConfirmed, account.PhoneE164, account.CreatedAtUtc);
        user.LegacyId = account.LegacyId;
        user.NormalizedUserName = users.NormalizeName(user.UserName);
        user.NormalizedEmail = users.NormalizeEmail(user.Email);
        user.PasswordHash = account.LegacyPasswordHash;
        user.LockoutEnabled = true;
        return user;
    }

    /// <summary>What every account has, however it comes to exist: every way in proves the phone (an SMS code, or the old site's).</summary>
    private static DashopUser Shape(string username, string? email, bool emailConfirmed, string phoneE164, DateTime createdAtUtc) => new()
    {
        UserName = username.Trim(),
        Email = email?.Trim(),
        EmailConfirmed = emailConfirmed,
        PhoneNumber = phoneE164,
        PhoneNumberConfirmed = true,
        CreatedAtUtc = createdAtUtc,
    };

    /// <summary>Whether another account has this username (in its lookup form).</summary>
    public Task<bool> UsernameTakenAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeName(username.Trim());
        return db.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken);
    }

    /// <summary>Which field belongs to another account already, if any.</summary>
    public async Task<FieldError?> TakenAsync(string username, string phoneE164, CancellationToken cancellationToken)
    {
        if (await UsernameTakenAsync(username, cancellationToken))
            return AccountRules.UsernameTaken;
        if (await PhoneTakenAsync(phoneE164, cancellationToken))
            return AccountRules.PhoneTaken;
        return null;
    }

    /// <summary>Whether an account has this phone (E.164).</summary>
    public Task<bool> PhoneTakenAsync(string phoneE164, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.PhoneNumber == phoneE164, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} created with phone {Phone} (with a step of its caller: {WithStep}, role: {Role})")]
    private static partial void LogCreated(ILogger logger, string userId, string phone, bool withStep, string role);
}

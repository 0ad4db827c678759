using System.Data.Common;
using System.Security.Claims;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>
/// The one place where provider accounts (Weibo, WeChat, QQ, Alipay) meet Dashop accounts, for the pages and for /v1
/// (spec §15): records each sign-in (refreshing the stored tokens), links a provider account to a new or an existing
/// account in one transaction or to the signed-in account that links it on /account, and unlinks. One set of rules for
/// every provider: one provider account to at most one Dashop account, one of each provider per account.
/// </summary>
public sealed partial class ExternalLoginService(
    DashopDbContext db,
    UserManager<DashopUser> users,
    RegistrationService registration,
    SmsSignUpService smsSignUp,
    ExternalLinkCodes linkCodes,
    LoginService logins,
    SignInLog signIns,
    AccountNotices notices,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    ILogger<ExternalLoginService> logger)
{
    /// <summary>The <see cref="Result.Detail"/> of a refusal because the database did not answer (/v1 names it apart).</summary>
    public const string DatabaseDetail = "database";

    private DbSet<ExternalAccount> Accounts => db.Set<ExternalAccount>();

    /// <summary>The Data Protection purpose of a provider's stored tokens (Weibo's is the one its rows were written with before §15).</summary>
    public static string TokenProtectionPurpose(string provider) => $"Dashop.{provider}.AccessToken.v1";

    /// <summary>
    /// Finds or creates the provider account's row, stores the new tokens, and says whom it is linked to: the account
    /// (signed in), or no value when it is linked to nobody yet (the bind page comes next). <see cref="Failure.Unavailable"/>
    /// when the database did not answer: nothing was changed.
    /// </summary>
    public async Task<Result<DashopUser?>> RecordLoginAsync(ExternalSignIn login, CancellationToken cancellationToken)
    {
        try
        {
            var (_, userId) = await StoreAsync(login, cancellationToken);
            var user = userId is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
            if (user is null)
                return (DashopUser?)null;
            // Lockout is about passwords (spec §11): a provider sign-in proves the provider account, which wrong passwords
            // typed by someone else must not keep out (docs/decisions/0012-nobody-can-keep-a-person-out.md).
            await signIns.RecordAsync(SignInMethodFor(login.Provider), SignInOutcome.Succeeded, user.Id, cancellationToken);
            LogSignedIn(logger, user.Id, login.Provider);
            return user;
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            db.ChangeTracker.Clear();
            LogDatabaseError(logger, login.Provider, "record a sign-in", ex.GetType().Name);
            return Result.Remote(Failure.Unavailable, DatabaseDetail);
        }
    }

    /// <summary>
    /// Creates an account exactly as registration does (SMS code, activation e-mail) and links the provider account to it
    /// in the same transaction: if the link fails, the account is not created either.
    /// </summary>
    public Task<Result<DashopUser>> BindNewAccountAsync(ExternalPending pending, AccountInput input, CancellationToken cancellationToken) =>
        BindNewAsync(pending, "new account", link => registration.RegisterAsync(input, link, cancellationToken), cancellationToken);

    /// <summary>
    /// The bind page's new account with phone + SMS code only (spec §15, <c>Accounts:SmsSignUp</c>): made as SMS sign-up
    /// makes one (a suggested username, no password, no e-mail address) and linked in the same transaction.
    /// </summary>
    public Task<Result<DashopUser>> BindNewPhoneAccountAsync(ExternalPending pending, string? phone, string? code, bool termsAccepted,
        CancellationToken cancellationToken) =>
        BindNewAsync(pending, "new account by phone",
            link => smsSignUp.SignUpWithCodeAsync(phone, code, termsAccepted, link, cancellationToken), cancellationToken);

    private async Task<Result<DashopUser>> BindNewAsync(ExternalPending pending, string how,
        Func<Func<DashopUser, CancellationToken, Task<bool>>, Task<Result<DashopUser>>> create, CancellationToken cancellationToken)
    {
        try
        {
            if (await UnlinkedIdAsync(pending, cancellationToken) is not { } id)
                return await RefusalAsync(pending, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var created = await create((user, ct) => Accounts.TryLinkAsync(id, user.Id, now, ct));
            if (created.Failure == Failure.Refused)
                return Result.Fail(Failure.Taken);
            if (created.Succeeded)
                LogBound(logger, pending.Provider, created.Value!.Id, how);
            return created;
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            db.ChangeTracker.Clear();
            LogDatabaseError(logger, pending.Provider, "bind a " + how, ex.GetType().Name);
            return Result.Remote(Failure.Unavailable, DatabaseDetail);
        }
    }

    /// <summary>Links the provider account to an existing account whose password is proven (failures count towards lockout).</summary>
    public Task<Result<DashopUser>> BindExistingAccountAsync(ExternalPending pending, string login, string password, CancellationToken cancellationToken) =>
        BindExistingAsync(pending, "existing account", () => logins.CheckPasswordAsync(login, password, cancellationToken), cancellationToken);

    /// <summary>
    /// Links the provider account to the existing account that <paramref name="login"/> names, proven by the <c>reauth</c>
    /// code sent to its phone (<see cref="ExternalLinkCodes"/>: counted and recorded as an SMS sign-in).
    /// </summary>
    public Task<Result<DashopUser>> BindExistingAccountWithCodeAsync(ExternalPending pending, string login, string? code, CancellationToken cancellationToken) =>
        BindExistingAsync(pending, "existing account by code", () => linkCodes.ProveAsync(login, code, cancellationToken), cancellationToken);

    private async Task<Result<DashopUser>> BindExistingAsync(ExternalPending pending, string how, Func<Task<Result<DashopUser>>> prove,
        CancellationToken cancellationToken)
    {
        try
        {
            if (await UnlinkedIdAsync(pending, cancellationToken) is not { } id)
                return await RefusalAsync(pending, cancellationToken);
            var proven = await prove();
            return proven.Value is { } user ? await LinkAsync(pending.Provider, id, user, how, cancellationToken) : proven;
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            db.ChangeTracker.Clear();
            LogDatabaseError(logger, pending.Provider, "bind an " + how, ex.GetType().Name);
            return Result.Remote(Failure.Unavailable, DatabaseDetail);
        }
    }

    /// <summary>
    /// Links the provider account of a sign-in started on /account to the signed-in account: refused when that provider
    /// account is linked to another account, or this account to another account of the provider. No sign-in is recorded.
    /// </summary>
    public async Task<Result<DashopUser>> LinkToSignedInAsync(ClaimsPrincipal signedIn, ExternalSignIn login, CancellationToken cancellationToken)
    {
        try
        {
            if (await users.GetUserAsync(signedIn) is not { } user)
                return Result.Fail(Failure.Expired);
            var (id, linkedTo) = await StoreAsync(login, cancellationToken);
            if (linkedTo == user.Id)
                return user;
            if (linkedTo is not null)
                return Result.Fail(Failure.Taken);
            return await LinkAsync(login.Provider, id, user, "signed-in account", cancellationToken);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            db.ChangeTracker.Clear();
            LogDatabaseError(logger, login.Provider, "link to a signed-in account", ex.GetType().Name);
            return Result.Remote(Failure.Unavailable, DatabaseDetail);
        }
    }

    /// <summary>
    /// Unlinks the account's <paramref name="provider"/> account (the caller asked for a recent proof first). Why not, its
    /// message a resource key taking the provider's name: <see cref="Failure.Refused"/> while the account has no password,
    /// <see cref="Failure.AlreadyDone"/> when nothing is linked. The confirmed address is told.
    /// </summary>
    public async Task<Result> UnlinkAsync(DashopUser user, string provider, CancellationToken cancellationToken)
    {
        if (!await users.HasPasswordAsync(user))
            return Result.Fail(Failure.Refused, new FieldError(provider, ExternalLoginMessages.UnlinkNeedsPassword));
        var now = time.GetUtcNow().UtcDateTime;
        var unlinked = await Accounts.Where(a => a.UserId == user.Id && a.Provider == provider)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.UserId, (string?)null)
                .SetProperty(a => a.BoundAtUtc, (DateTime?)null)
                .SetProperty(a => a.UpdatedAtUtc, now), cancellationToken);
        if (unlinked == 0)
            return Result.Fail(Failure.AlreadyDone, new FieldError(provider, ExternalLoginMessages.NothingToUnlink));
        LogUnlinked(logger, user.Id, provider);
        await notices.TellAsync(user, AccountNoticeKind.ProviderUnlinked, provider, cancellationToken);
        return Result.Ok;
    }

    /// <summary>The provider accounts linked to <paramref name="userId"/>, for the account page and the data download.</summary>
    public Task<List<ExternalAccount>> LinkedAsync(string userId, CancellationToken cancellationToken) =>
        Accounts.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Provider).ToListAsync(cancellationToken);

    /// <summary>
    /// Links an unlinked row to <paramref name="user"/>, who must have no account of that provider yet, and tells the
    /// account's confirmed address (spec §18: a new way into the account is never made silently).
    /// </summary>
    private async Task<Result<DashopUser>> LinkAsync(string provider, long id, DashopUser user, string how, CancellationToken cancellationToken)
    {
        if (await Accounts.AnyAsync(a => a.UserId == user.Id && a.Provider == provider, cancellationToken))
            return Result.Fail(Failure.AlreadyDone);
        try
        {
            if (!await Accounts.TryLinkAsync(id, user.Id, time.GetUtcNow().UtcDateTime, cancellationToken))
                return Result.Fail(Failure.Taken);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            // The unique key on the account's side: another account of this provider was linked to it meanwhile?
            if (!await Accounts.AnyAsync(a => a.UserId == user.Id && a.Provider == provider, CancellationToken.None))
                throw;
            return Result.Fail(Failure.AlreadyDone);
        }
        LogBound(logger, provider, user.Id, how);
        await notices.TellAsync(user, AccountNoticeKind.ProviderLinked, provider, cancellationToken);
        return user;
    }

    /// <summary>
    /// Finds the row of the person (by unionid when the provider gave one, so one person across a provider's apps is one
    /// row; else by subject) or creates it, with the new tokens; its id and the account it is linked to, if any.
    /// </summary>
    private async Task<(long Id, string? UserId)> StoreAsync(ExternalSignIn login, CancellationToken cancellationToken)
    {
        if (await RefreshAsync(login, cancellationToken) is { } found)
            return found;
        var now = time.GetUtcNow().UtcDateTime;
        var protector = Protector(login.Provider);
        Accounts.Add(new ExternalAccount
        {
            Provider = login.Provider,
            Subject = login.Subject,
            UnionId = login.UnionId,
            AppId = login.AppId,
            DisplayName = Truncate(login.DisplayName, 100),
            AvatarUrl = Truncate(login.AvatarUrl, 1024),
            ProtectedAccessToken = protector.Protect(login.AccessToken),
            ProtectedRefreshToken = login.RefreshToken is { } refresh ? protector.Protect(refresh) : null,
            AccessTokenExpiresAtUtc = login.ExpiresAt.UtcDateTime,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first sign-ins of one person at once: the other inserted the row; update it instead.
            db.ChangeTracker.Clear();
            if (await RefreshAsync(login, cancellationToken) is { } raced)
                return raced;
            throw;
        }
        db.ChangeTracker.Clear();
        return (await FindAsync(login, cancellationToken))!.Value;
    }

    private async Task<(long Id, string? UserId)?> RefreshAsync(ExternalSignIn login, CancellationToken cancellationToken)
    {
        if (await FindAsync(login, cancellationToken) is not { } found)
            return null;
        var protector = Protector(login.Provider);
        var token = protector.Protect(login.AccessToken);
        var refresh = login.RefreshToken is { } r ? protector.Protect(r) : null;
        var expires = login.ExpiresAt.UtcDateTime;
        var now = time.GetUtcNow().UtcDateTime;
        var name = Truncate(login.DisplayName, 100);
        var avatar = Truncate(login.AvatarUrl, 1024);
        await Accounts.Where(a => a.Id == found.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Subject, login.Subject)
            .SetProperty(a => a.AppId, login.AppId)
            .SetProperty(a => a.UnionId, a => login.UnionId ?? a.UnionId)
            .SetProperty(a => a.ProtectedAccessToken, token)
            .SetProperty(a => a.ProtectedRefreshToken, refresh)
            .SetProperty(a => a.AccessTokenExpiresAtUtc, expires)
            .SetProperty(a => a.DisplayName, name)
            .SetProperty(a => a.AvatarUrl, avatar)
            .SetProperty(a => a.UpdatedAtUtc, now), cancellationToken);
        return found;
    }

    private async Task<(long Id, string? UserId)?> FindAsync(ExternalSignIn login, CancellationToken cancellationToken)
    {
        var rows = Accounts.AsNoTracking().Where(a => a.Provider == login.Provider);
        var row = login.UnionId is { } union
            ? await rows.Where(a => a.UnionId == union).Select(a => new { a.Id, a.UserId }).FirstOrDefaultAsync(cancellationToken)
            : null;
        row ??= await rows.Where(a => a.Subject == login.Subject).Select(a => new { a.Id, a.UserId }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Id, row.UserId);
    }

    /// <summary>The row of a pending provider account while it is linked to nobody.</summary>
    private async Task<long?> UnlinkedIdAsync(ExternalPending pending, CancellationToken cancellationToken) =>
        await Accounts.AsNoTracking().Where(a => a.Provider == pending.Provider && a.Subject == pending.Subject && a.UserId == null)
            .Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<Result<DashopUser>> RefusalAsync(ExternalPending pending, CancellationToken cancellationToken) =>
        Result.Fail(await Accounts.AnyAsync(a => a.Provider == pending.Provider && a.Subject == pending.Subject, cancellationToken)
            ? Failure.Taken
            : Failure.Expired);

    private IDataProtector Protector(string provider) => dataProtection.CreateProtector(TokenProtectionPurpose(provider));

    private static SignInMethod SignInMethodFor(string provider) =>
        Enum.TryParse<SignInMethod>(provider, ignoreCase: true, out var method) ? method : SignInMethod.External;

    private static string? Truncate(string? value, int length) => value is { } v && v.Length > length ? v[..length] : value;

    private static bool IsDatabaseFailure(Exception ex) => ex is DbException or DbUpdateException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} signed in with {Provider}")]
    private static partial void LogSignedIn(ILogger logger, string userId, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} account linked to account {UserId} ({How})")]
    private static partial void LogBound(ILogger logger, string provider, string userId, string how);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} unlinked its {Provider} account")]
    private static partial void LogUnlinked(ILogger logger, string userId, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Provider}: could not {Action} because of a database error ({Error}); nothing was changed")]
    private static partial void LogDatabaseError(ILogger logger, string provider, string action, string error);
}

using System.Data.Common;
using System.Security.Claims;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// The one place where Weibo accounts meet Dashop accounts, for the pages and for /v1: records each login
/// (refreshing the stored token) and binds a Weibo account to a new or an existing user in one transaction, or to
/// the signed-in user who links Weibo on /account.
/// </summary>
public sealed partial class WeiboBindingService(
    DashopDbContext db,
    UserManager<DashopUser> users,
    RegistrationService registration,
    LoginService logins,
    SignInLog signIns,
    AccountNotices notices,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    ILogger<WeiboBindingService> logger)
{
    /// <summary>The Data Protection purpose of <see cref="WeiboProfile.ProtectedAccessToken"/>.</summary>
    public const string TokenProtectionPurpose = "Dashop.Weibo.AccessToken.v1";

    private readonly IDataProtector _tokens = dataProtection.CreateProtector(TokenProtectionPurpose);

    /// <summary>Finds or creates the uid's <see cref="WeiboProfile"/>, stores the new token, and says whom it is bound to.</summary>
    public async Task<WeiboLoginResult> RecordLoginAsync(WeiboSignIn login, CancellationToken cancellationToken)
    {
        try
        {
            var userId = await StoreProfileAsync(login, cancellationToken);
            var user = userId is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
            if (user is null)
                return new WeiboLoginResult(WeiboLoginOutcome.NotBound);
            // Lockout is about passwords (spec §11): a Weibo sign-in proves the Weibo account, which wrong passwords
            // typed by someone else must not keep out (docs/decisions/0012-nobody-can-keep-a-person-out.md).
            await signIns.RecordAsync(SignInMethod.Weibo, SignInOutcome.Succeeded, user.Id, cancellationToken);
            LogSignedIn(logger, user.Id);
            return new WeiboLoginResult(WeiboLoginOutcome.Bound, user);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            db.ChangeTracker.Clear();
            LogDatabaseError(logger, "record a login", ex.GetType().Name);
            return new WeiboLoginResult(WeiboLoginOutcome.Unavailable);
        }
    }

    /// <summary>
    /// Creates an account exactly as registration does (SMS code, activation e-mail) and links the Weibo account to it
    /// in the same transaction: if the link fails, the account is not created either.
    /// </summary>
    public async Task<WeiboBindResult> BindNewAccountAsync(string wuid, AccountInput input, CancellationToken cancellationToken)
    {
        try
        {
            if (await CanBindAsync(wuid, cancellationToken) is { } refused)
                return refused;
            var created = await registration.RegisterAsync(input, wuid, cancellationToken);
            if (created.Error == RegistrationError.WeiboAlreadyBound)
                return WeiboBindResult.Fail(WeiboBindError.WeiboAlreadyBound);
            if (!created.Succeeded)
                return new WeiboBindResult(null, WeiboBindError.Registration, created);
            LogBound(logger, created.User!.Id, "new account");
            return new WeiboBindResult(created.User, WeiboBindError.None);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            db.ChangeTracker.Clear();
            LogDatabaseError(logger, "bind a new account", ex.GetType().Name);
            return WeiboBindResult.Fail(WeiboBindError.DatabaseError);
        }
    }

    /// <summary>
    /// Links the Weibo account of a login started on /account to the signed-in account (spec §11): refused when that Weibo
    /// account is bound to another account, or this account to another Weibo account. No sign-in is recorded: nobody signed in.
    /// </summary>
    public async Task<WeiboBindResult> LinkToSignedInAsync(ClaimsPrincipal signedIn, WeiboSignIn login, CancellationToken cancellationToken)
    {
        try
        {
            if (await users.GetUserAsync(signedIn) is not { } user)
                return WeiboBindResult.Fail(WeiboBindError.LoginExpired);
            var boundTo = await StoreProfileAsync(login, cancellationToken);
            if (boundTo == user.Id)
                return new WeiboBindResult(user, WeiboBindError.None);
            if (boundTo is not null)
                return WeiboBindResult.Fail(WeiboBindError.WeiboAlreadyBound);
            return await LinkAsync(login.Uid, user, "signed-in account", cancellationToken);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            db.ChangeTracker.Clear();
            LogDatabaseError(logger, "link to a signed-in account", ex.GetType().Name);
            return WeiboBindResult.Fail(WeiboBindError.DatabaseError);
        }
    }

    /// <summary>Links the Weibo account to an existing user who proves the password (failures count towards lockout).</summary>
    public async Task<WeiboBindResult> BindExistingAccountAsync(string wuid, string login, string password, CancellationToken cancellationToken)
    {
        try
        {
            if (await CanBindAsync(wuid, cancellationToken) is { } refused)
                return refused;
            var (outcome, user) = await logins.CheckPasswordAsync(login, password, cancellationToken);
            if (outcome != LoginOutcome.Succeeded)
            {
                return WeiboBindResult.Fail(outcome switch
                {
                    LoginOutcome.LockedOut => WeiboBindError.LockedOut,
                    LoginOutcome.Busy => WeiboBindError.Busy,
                    LoginOutcome.Unavailable => WeiboBindError.Unavailable,
                    _ => WeiboBindError.WrongPassword,
                });
            }
            return await LinkAsync(wuid, user!, "existing account", cancellationToken);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            db.ChangeTracker.Clear();
            LogDatabaseError(logger, "bind an existing account", ex.GetType().Name);
            return WeiboBindResult.Fail(WeiboBindError.DatabaseError);
        }
    }

    /// <summary>
    /// Links an unbound Weibo account to <paramref name="user"/>, who must have no Weibo account yet, and tells the account's
    /// confirmed address (spec §18: a new way into the account is never made silently).
    /// </summary>
    private async Task<WeiboBindResult> LinkAsync(string wuid, DashopUser user, string how, CancellationToken cancellationToken)
    {
        if (await db.WeiboProfiles.AnyAsync(w => w.UserId == user.Id, cancellationToken))
            return WeiboBindResult.Fail(WeiboBindError.AccountAlreadyBound);
        try
        {
            if (!await db.WeiboProfiles.TryLinkAsync(wuid, user.Id, time.GetUtcNow().UtcDateTime, cancellationToken))
                return WeiboBindResult.Fail(WeiboBindError.WeiboAlreadyBound);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            // The unique key on the user's side: another Weibo account was linked to this user meanwhile?
            if (!await db.WeiboProfiles.AnyAsync(w => w.UserId == user.Id, CancellationToken.None))
                throw;
            return WeiboBindResult.Fail(WeiboBindError.AccountAlreadyBound);
        }
        LogBound(logger, user.Id, how);
        await notices.TellAsync(user, AccountNoticeKind.ProviderLinked, WeiboDefaults.Scheme, cancellationToken);
        return new WeiboBindResult(user, WeiboBindError.None);
    }

    /// <summary>Finds or creates the uid's <see cref="WeiboProfile"/> with the new token; the id of the user it is bound to, if any.</summary>
    private async Task<string?> StoreProfileAsync(WeiboSignIn login, CancellationToken cancellationToken)
    {
        if (await RefreshAsync(login, cancellationToken) == 0)
        {
            var now = time.GetUtcNow().UtcDateTime;
            db.WeiboProfiles.Add(new WeiboProfile
            {
                Wuid = login.Uid,
                ScreenName = login.ScreenName,
                AvatarUrl = login.AvatarUrl,
                ProtectedAccessToken = _tokens.Protect(login.AccessToken),
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
                // Two first logins of one uid at once: the other inserted the row; update it instead.
                db.ChangeTracker.Clear();
                await RefreshAsync(login, cancellationToken);
            }
        }
        return await db.WeiboProfiles.Where(w => w.Wuid == login.Uid).Select(w => w.UserId).SingleAsync(cancellationToken);
    }

    private Task<int> RefreshAsync(WeiboSignIn login, CancellationToken cancellationToken)
    {
        var token = _tokens.Protect(login.AccessToken);
        var expires = login.ExpiresAt.UtcDateTime;
        var now = time.GetUtcNow().UtcDateTime;
        return db.WeiboProfiles.Where(w => w.Wuid == login.Uid).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.ProtectedAccessToken, token)
            .SetProperty(w => w.AccessTokenExpiresAtUtc, expires)
            .SetProperty(w => w.ScreenName, login.ScreenName)
            .SetProperty(w => w.AvatarUrl, login.AvatarUrl)
            .SetProperty(w => w.UpdatedAtUtc, now), cancellationToken);
    }

    private async Task<WeiboBindResult?> CanBindAsync(string wuid, CancellationToken cancellationToken)
    {
        var profile = await db.WeiboProfiles.AsNoTracking().Where(w => w.Wuid == wuid).Select(w => new { w.UserId }).SingleOrDefaultAsync(cancellationToken);
        return profile is null ? WeiboBindResult.Fail(WeiboBindError.LoginExpired)
            : profile.UserId is not null ? WeiboBindResult.Fail(WeiboBindError.WeiboAlreadyBound)
            : null;
    }

    private static bool IsDatabaseFailure(Exception ex) => ex is DbException or DbUpdateException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} signed in with Weibo")]
    private static partial void LogSignedIn(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Weibo account bound to account {UserId} ({How})")]
    private static partial void LogBound(ILogger logger, string userId, string how);

    [LoggerMessage(Level = LogLevel.Error, Message = "Weibo: could not {Action} because of a database error ({Error}); nothing was changed")]
    private static partial void LogDatabaseError(ILogger logger, string action, string error);
}

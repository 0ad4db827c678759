using System.Security.Claims;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Account;

/// <summary>
/// Password sign-in by username or phone number, with Identity's lockout. Failures are counted in the atomic
/// store rather than through Identity's read-modify-write of AccessFailedCount, which loses counts when attempts
/// run in parallel; the lockout itself is Identity's LockoutEnd.
/// </summary>
public sealed partial class LoginService(
    SignInManager<DashopUser> signIn,
    DashopDbContext db,
    PhoneNumberParser phones,
    IAtomicStore atomic,
    IOptions<IdentityOptions> identity,
    TimeProvider time,
    SignInLog signIns,
    ILogger<LoginService> logger)
{
    /// <summary>Shown when the lockout refuses a password; formatted with <see cref="LockoutMinutes"/>.</summary>
    public const string LockedOutMessage = "Too many failed attempts: this account is locked for {0} minutes.";

    public int LockoutMinutes => (int)Math.Ceiling(identity.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes);

    public async Task<DashopUser?> FindAsync(string login, CancellationToken cancellationToken)
    {
        var normalized = signIn.UserManager.NormalizeName(login.Trim());
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null && phones.ToE164(login) is { } phone)
            user = await db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, cancellationToken);
        return user;
    }

    /// <summary>Checks the password and, when it is right, signs in with a cookie.</summary>
    public async Task<(LoginOutcome Outcome, DashopUser? User)> PasswordSignInAsync(string login, string password, bool remember, CancellationToken cancellationToken)
    {
        var (outcome, user) = await CheckPasswordAsync(login, password, cancellationToken);
        await signIns.RecordAsync(SignInMethod.Password, outcome, user?.Id, cancellationToken);
        if (outcome == LoginOutcome.Succeeded)
            await signIn.SignInWithClaimsAsync(user!, remember, [new Claim("amr", "pwd")]); // as SignInManager.PasswordSignInAsync does
        return (outcome, user);
    }

    /// <summary>Checks the password, counting failures towards lockout, without signing in (the Weibo bind links first).</summary>
    public async Task<(LoginOutcome Outcome, DashopUser? User)> CheckPasswordAsync(string login, string password, CancellationToken cancellationToken)
    {
        var user = await FindAsync(login, cancellationToken);
        if (user is null)
            return (LoginOutcome.Failed, null);

        var outcome = await CheckPasswordAsync(user, password);
        return (outcome, outcome == LoginOutcome.Succeeded ? user : null);
    }

    /// <summary>The password check with lockout, for every way of proving a password (login, linking an account).</summary>
    public async Task<LoginOutcome> CheckPasswordAsync(DashopUser user, string password)
    {
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (result.IsLockedOut)
            return LoginOutcome.LockedOut;
        var key = $"login:failures:{user.Id}";
        var lockout = identity.Value.Lockout;
        if (result.Succeeded)
        {
            try
            {
                await atomic.DeleteAsync(key);
            }
            catch (Exception ex) when (StoreFailure.Is(ex))
            {
                // The counter expires on its own; the person proved the password.
                LogStoreUnavailable(logger, ex.GetType().Name);
            }
            return LoginOutcome.Succeeded;
        }

        // The counter lives as long as a lockout: exactly one request sees the threshold and writes the lockout;
        // the ones past it are refused without touching the row.
        long failures;
        try
        {
            failures = await atomic.IncrementAsync(key, lockout.DefaultLockoutTimeSpan);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            // The password was wrong whatever the counter says: refuse, and say so in the logs.
            LogStoreUnavailable(logger, ex.GetType().Name);
            return LoginOutcome.Failed;
        }
        if (failures < lockout.MaxFailedAccessAttempts)
            return LoginOutcome.Failed;
        if (failures == lockout.MaxFailedAccessAttempts)
        {
            await LockAsync(user, time.GetUtcNow() + lockout.DefaultLockoutTimeSpan);
            LogLockedOut(logger, user.Id);
            signIns.AccountLockedOut();
        }
        return LoginOutcome.LockedOut;
    }

    public Task<bool> IsLockedOutAsync(DashopUser user) => signIn.UserManager.IsLockedOutAsync(user);

    public Task SignInAsync(DashopUser user) => signIn.SignInAsync(user, isPersistent: false);

    public Task SignOutAsync() => signIn.SignOutAsync();

    private async Task LockAsync(DashopUser user, DateTimeOffset until)
    {
        var users = signIn.UserManager;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if ((await users.SetLockoutEndDateAsync(user, until)).Succeeded)
                return;
            // Another request changed the row (concurrency stamp): read it again and retry.
            await db.Entry(user).ReloadAsync();
        }
        // Still refused for this window: the failure counter stays over the threshold until it expires.
        LogLockFailed(logger, user.Id);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {UserId} could not be marked locked out (concurrent updates)")]
    private static partial void LogLockFailed(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The failure counter is unavailable ({Error}); the attempt was refused but not counted")]
    private static partial void LogStoreUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {UserId} locked out after repeated failed passwords")]
    private static partial void LogLockedOut(ILogger logger, string userId);
}

using System.Security.Claims;
using System.Security.Cryptography;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Account;

/// <summary>
/// Password sign-in by username or phone number (spec §11, §14). An attempt is counted before the password is compared,
/// atomically and across instances (<see cref="IAtomicStore"/>), so any number of simultaneous guesses for one account
/// gets at most <c>MaxFailedAccessAttempts</c> comparisons before the lockout; a count that cannot be taken refuses the
/// attempt. Failures are counted per account, and per normalised name or phone when no account has it, and a dummy hash
/// is compared then: neither the answers, the lockout nor the timing tell who has an account. Every comparison runs
/// behind the <see cref="PasswordHashBulkhead"/>. The lockout itself is Identity's LockoutEnd.
/// </summary>
public sealed partial class LoginService(
    SignInManager<DashopUser> signIn,
    DashopDbContext db,
    PhoneNumberParser phones,
    IAtomicStore atomic,
    PasswordHashBulkhead bulkhead,
    IOptions<IdentityOptions> identity,
    TimeProvider time,
    SignInLog signIns,
    ILogger<LoginService> logger)
{
    /// <summary>Shown when the lockout refuses a password; formatted with <see cref="LockoutMinutes"/>.</summary>
    public const string LockedOutMessage = "Too many failed attempts: this account is locked for {0} minutes.";

    private static string? _dummyHash;

    private UserManager<DashopUser> Users => signIn.UserManager;

    private LockoutOptions Lockout => identity.Value.Lockout;

    public int LockoutMinutes => (int)Math.Ceiling(Lockout.DefaultLockoutTimeSpan.TotalMinutes);

    public async Task<DashopUser?> FindAsync(string login, CancellationToken cancellationToken)
    {
        var normalized = Users.NormalizeName(login.Trim());
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

    /// <summary>Checks the password without signing in (a token for /v1, or the Weibo bind, which links first).</summary>
    public async Task<(LoginOutcome Outcome, DashopUser? User)> CheckPasswordAsync(string login, string password, CancellationToken cancellationToken)
    {
        var user = await FindAsync(login, cancellationToken);
        var outcome = await CheckAsync(user, FailureKey(user, login), password, cancellationToken);
        return (outcome, outcome == LoginOutcome.Succeeded ? user : null);
    }

    /// <summary>The password of a signed-in account (changing a password, deleting an account), with the same lockout.</summary>
    public Task<LoginOutcome> CheckPasswordAsync(DashopUser user, string password, CancellationToken cancellationToken) =>
        CheckAsync(user, FailureKey(user, ""), password, cancellationToken);

    public Task<bool> IsLockedOutAsync(DashopUser user) => Users.IsLockedOutAsync(user);

    /// <summary>
    /// Ends a lockout: the person proved the account another way (an SMS code to its phone), so nobody can keep them out
    /// by typing wrong passwords for them.
    /// </summary>
    public async Task ClearLockoutAsync(DashopUser user)
    {
        try
        {
            await atomic.DeleteAsync(FailureKey(user, ""));
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
        }
        if (user.LockoutEnd is not null)
            await Users.SetLockoutEndDateAsync(user, null);
    }

    public Task SignInAsync(DashopUser user) => signIn.SignInAsync(user, isPersistent: false);

    public Task SignOutAsync() => signIn.SignOutAsync();

    private async Task<LoginOutcome> CheckAsync(DashopUser? user, string failureKey, string password, CancellationToken cancellationToken)
    {
        if (user is not null && await Users.IsLockedOutAsync(user))
            return LoginOutcome.LockedOut;

        // The count lives as long as a lockout: the attempt that reaches the threshold writes LockoutEnd; the ones past it
        // are refused without a comparison.
        long attempt;
        try
        {
            attempt = await atomic.IncrementAsync(failureKey, Lockout.DefaultLockoutTimeSpan);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return LoginOutcome.Unavailable;
        }
        if (attempt > Lockout.MaxFailedAccessAttempts)
            return LoginOutcome.LockedOut;

        bool right;
        try
        {
            right = await bulkhead.RunAsync(() => user is null ? Task.FromResult(CompareWithDummy(password)) : Users.CheckPasswordAsync(user, password),
                cancellationToken);
        }
        catch (PasswordHashBusyException)
        {
            LogBusy(logger);
            return LoginOutcome.Busy;
        }

        if (right)
        {
            try
            {
                await atomic.DeleteAsync(failureKey);
            }
            catch (Exception ex) when (StoreFailure.Is(ex))
            {
                // The counter expires on its own; the person proved the password.
                LogStoreUnavailable(logger, ex.GetType().Name);
            }
            return LoginOutcome.Succeeded;
        }
        if (attempt < Lockout.MaxFailedAccessAttempts)
            return LoginOutcome.Failed;
        if (user is not null)
        {
            await LockAsync(user, time.GetUtcNow() + Lockout.DefaultLockoutTimeSpan);
            LogLockedOut(logger, user.Id);
            signIns.AccountLockedOut();
        }
        return LoginOutcome.LockedOut;
    }

    /// <summary>The same work as a real comparison, for a name or phone that no account has.</summary>
    private bool CompareWithDummy(string password)
    {
        var hasher = Users.PasswordHasher;
        var dummy = new DashopUser();
        _dummyHash ??= hasher.HashPassword(dummy, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        hasher.VerifyHashedPassword(dummy, _dummyHash, password);
        return false;
    }

    /// <summary>Failures count per account; a name or phone that no account has is counted under its normalised form.</summary>
    private string FailureKey(DashopUser? user, string login) =>
        user is not null ? $"login:failures:{user.Id}"
        : phones.ToE164(login) is { } phone ? $"login:failures:phone:{phone}"
        : $"login:failures:name:{Users.NormalizeName(login.Trim())}";

    private async Task LockAsync(DashopUser user, DateTimeOffset until)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if ((await Users.SetLockoutEndDateAsync(user, until)).Succeeded)
                return;
            // Another request changed the row (concurrency stamp): read it again and retry.
            await db.Entry(user).ReloadAsync();
        }
        // Still refused for this window: the failure counter stays over the threshold until it expires.
        LogLockFailed(logger, user.Id);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {UserId} could not be marked locked out (concurrent updates)")]
    private static partial void LogLockFailed(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The failure counter is unavailable ({Error}); the attempt was refused without comparing the password")]
    private static partial void LogStoreUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {UserId} locked out after repeated failed passwords")]
    private static partial void LogLockedOut(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A password check was refused: every hashing slot stayed busy")]
    private static partial void LogBusy(ILogger logger);
}

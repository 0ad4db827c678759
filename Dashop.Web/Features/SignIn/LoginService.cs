using System.Security.Claims;
using System.Security.Cryptography;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// Password sign-in by username or phone number (spec §11, §14, §18). An attempt is counted before the password is
/// compared, atomically and across instances (<see cref="IAtomicStore"/>), so any number of simultaneous guesses for one
/// account gets at most <c>MaxFailedAccessAttempts</c> comparisons of its password before the lockout; a count that
/// cannot be taken refuses the attempt. Every comparison runs behind the <see cref="PasswordHashBulkhead"/>, and an
/// attempt is counted only once it holds a hashing slot: a refusal as busy never counts.
/// <para>
/// Two counts decide (docs/decisions/0012-nobody-can-keep-a-person-out.md): one per identifier as typed (the normalised
/// name, or the phone), whether or not an account has it, which alone decides the answer, so a lockout reached through
/// the name is not shown through the phone nor the reverse, and a name nobody has answers like an account; and one per
/// account, which bounds the comparisons of its real password and sets Identity's LockoutEnd. Once the account is
/// locked, an identifier still under its own limit gets a dummy comparison (the same work) and "wrong". A known device
/// (<see cref="KnownDevices"/>) of the account counts its own failures instead and is not locked out with the rest.
/// </para>
/// </summary>
public sealed partial class LoginService(
    SignInManager<DashopUser> signIn,
    DashopDbContext db,
    PhoneNumberParser phones,
    IAtomicStore atomic,
    PasswordHashBulkhead bulkhead,
    KnownDevices devices,
    IHttpContextAccessor http,
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

    /// <summary>Checks the password and, when it is right, signs in with a cookie and marks this browser a known device.</summary>
    public async Task<Result<DashopUser>> PasswordSignInAsync(string login, string password, bool remember, CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        var result = await CheckPasswordAsync(login, password, cancellationToken, KnownDevices.FromCookie(context));
        await signIns.RecordAsync(SignInMethod.Password, result.Failure, result.Value?.Id, cancellationToken);
        if (result.Value is { } user)
        {
            await signIn.SignInWithClaimsAsync(user, remember, [new Claim("amr", "pwd")]); // as SignInManager.PasswordSignInAsync does
            if (context is not null)
                devices.Remember(context, user.Id);
        }
        return result;
    }

    /// <summary>
    /// Checks the password without signing in (a token for /v1, or the Weibo bind, which links first).
    /// <paramref name="device"/> is the caller's known-device token, if any. The account, or why not:
    /// <see cref="Failure.Wrong"/> (a wrong password, or no account with that name or phone: never told apart),
    /// <see cref="Failure.LockedOut"/> (refused without comparing: too many failures for this name or phone),
    /// <see cref="Failure.Busy"/> (no hashing slot came free), <see cref="Failure.Unavailable"/> (the failure counter
    /// could not be taken: refused without comparing).
    /// </summary>
    public async Task<Result<DashopUser>> CheckPasswordAsync(string login, string password, CancellationToken cancellationToken,
        string? device = null)
    {
        var (user, identifier) = await FindAsync(login, cancellationToken);
        var refused = user is not null && devices.IdFor(device, user.Id) is { } deviceId
            ? await CheckOnKnownDeviceAsync(user, deviceId, password, cancellationToken)
            : await CheckAsync(user, identifier, password, cancellationToken);
        return refused is { } failure ? Result.Fail(failure) : user!;
    }

    /// <summary>
    /// The account a login names, as every sign-in reads it: a username (its lookup form) first, else a phone number; and
    /// the key of the identifier as typed (the name's, or the phone's when the name is nobody's and it reads as a phone).
    /// </summary>
    public async Task<(DashopUser? User, string IdentifierKey)> FindAsync(string login, CancellationToken cancellationToken)
    {
        var normalized = Users.NormalizeName(login.Trim());
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null && phones.ToE164(login) is { } phone)
            return (await db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, cancellationToken), PhoneKey(phone));
        return (user, NameKey(normalized));
    }

    /// <summary>The password of a signed-in account (changing a password, deleting an account), with the account's lockout.</summary>
    public async Task<Result> CheckPasswordAsync(DashopUser user, string password, CancellationToken cancellationToken) =>
        await CheckAsync(user, identifierKey: null, password, cancellationToken) is { } failure ? Result.Fail(failure) : Result.Ok;

    /// <summary>
    /// Ends a lockout: the person proved the account another way (an SMS code to its phone), so nobody can keep them out
    /// by typing wrong passwords for them. The counts of the account and of its name and phone are cleared.
    /// </summary>
    public async Task ClearLockoutAsync(DashopUser user)
    {
        try
        {
            string[] keys = user.PhoneNumber is { } phone
                ? [AccountKey(user), NameKey(user.NormalizedUserName ?? ""), PhoneKey(phone)]
                : [AccountKey(user), NameKey(user.NormalizedUserName ?? "")];
            await atomic.DeleteAsync(keys);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
        }
        if (user.LockoutEnd is not null)
            await Users.SetLockoutEndDateAsync(user, null);
    }

    public Task SignInAsync(DashopUser user) => signIn.SignInAsync(user, isPersistent: false);

    public Task SignOutAsync() => signIn.SignOutAsync();

    /// <summary>What one counted attempt found: the identifier's count (null on the signed-in path), the account's
    /// (null when not counted: no account, or already locked), and whether the real password was compared and right.</summary>
    private readonly record struct Attempt(long? Identifier, long? Account, bool Right);

    /// <summary>
    /// <paramref name="identifierKey"/> is the count of the name or phone as typed; null on the signed-in path, where the
    /// account's own count decides the answer. Null when the password is right, else why not.
    /// </summary>
    private async Task<Failure?> CheckAsync(DashopUser? user, string? identifierKey, string password, CancellationToken cancellationToken)
    {
        var accountLocked = user is not null && await Users.IsLockedOutAsync(user);
        if (identifierKey is null && accountLocked)
            return Failure.LockedOut;

        // Counted only once a hashing slot is held, so that a refusal as busy never counts. The counts live as long
        // as a lockout: the attempt that reaches the threshold locks; the ones past it are refused without a comparison.
        var (attempt, refusal) = await InSlotAsync(async () =>
        {
            long? byIdentifier = identifierKey is null ? null : await atomic.IncrementAsync(identifierKey, Lockout.DefaultLockoutTimeSpan);
            if (byIdentifier > Lockout.MaxFailedAccessAttempts)
                return new Attempt(byIdentifier, null, false);
            long? byAccount = user is null || accountLocked ? null : await atomic.IncrementAsync(AccountKey(user), Lockout.DefaultLockoutTimeSpan);
            if (byIdentifier is null && byAccount > Lockout.MaxFailedAccessAttempts)
                return new Attempt(null, byAccount, false);
            var real = byAccount <= Lockout.MaxFailedAccessAttempts;
            var right = real ? await CompareAsync(user!, password) : CompareWithDummy(password);
            return new Attempt(byIdentifier, byAccount, real && right);
        }, cancellationToken);
        if (refusal is { } refused)
            return refused;

        if (attempt.Right)
        {
            await ForgetAsync(identifierKey is null ? [AccountKey(user!)] : [identifierKey, AccountKey(user!)]);
            return null;
        }
        if (attempt.Account == Lockout.MaxFailedAccessAttempts && user is not null)
        {
            await LockAsync(user, time.GetUtcNow() + Lockout.DefaultLockoutTimeSpan);
            LogLockedOut(logger, user.Id);
            signIns.AccountLockedOut();
        }
        return (attempt.Identifier ?? attempt.Account) >= Lockout.MaxFailedAccessAttempts ? Failure.LockedOut : Failure.Wrong;
    }

    /// <summary>
    /// Runs a counted comparison in a hashing slot. The one place where "no slot came free" (busy) and "the counter could
    /// not be reached" become answers: both are refusals without a comparison, never a failed attempt.
    /// </summary>
    private async Task<(T Value, Failure? Refusal)> InSlotAsync<T>(Func<Task<T>> compare, CancellationToken cancellationToken)
    {
        try
        {
            return (await bulkhead.RunAsync(compare, cancellationToken), null);
        }
        catch (PasswordHashBusyException)
        {
            LogBusy(logger);
            return (default!, Failure.Busy);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return (default!, Failure.Unavailable);
        }
    }

    /// <summary>A known device of the account: its own count, and the account's lockout does not apply to it.</summary>
    private async Task<Failure?> CheckOnKnownDeviceAsync(DashopUser user, string deviceId, string password, CancellationToken cancellationToken)
    {
        var key = $"login:failures:{user.Id}:device:{deviceId}";
        var (attempt, refusal) = await InSlotAsync(async () =>
        {
            var count = await atomic.IncrementAsync(key, Lockout.DefaultLockoutTimeSpan);
            return (Count: count, Right: count <= Lockout.MaxFailedAccessAttempts && await CompareAsync(user, password));
        }, cancellationToken);
        if (refusal is { } refused)
            return refused;
        if (attempt.Right)
        {
            await ForgetAsync([key]);
            return null;
        }
        return attempt.Count >= Lockout.MaxFailedAccessAttempts ? Failure.LockedOut : Failure.Wrong;
    }

    private async Task ForgetAsync(string[] keys)
    {
        try
        {
            await atomic.DeleteAsync(keys);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            // The counters expire on their own; the person proved the password.
            LogStoreUnavailable(logger, ex.GetType().Name);
        }
    }

    /// <summary>
    /// The account's password, compared; an account without one (made by SMS sign-up, spec §15) refuses every password
    /// after the same work as a real comparison, so that its answer and its time say nothing of whether it has one.
    /// </summary>
    private async Task<bool> CompareAsync(DashopUser user, string password) =>
        user.PasswordHash is null ? CompareWithDummy(password) : await Users.CheckPasswordAsync(user, password);

    /// <summary>The same work as a real comparison, for a name or phone that no account has.</summary>
    private bool CompareWithDummy(string password)
    {
        var hasher = Users.PasswordHasher;
        var dummy = new DashopUser();
        _dummyHash ??= hasher.HashPassword(dummy, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        hasher.VerifyHashedPassword(dummy, _dummyHash, password);
        return false;
    }

    private static string AccountKey(DashopUser user) => $"login:failures:{user.Id}";
    private static string NameKey(string normalized) => $"login:failures:name:{normalized}";
    private static string PhoneKey(string phoneE164) => $"login:failures:phone:{phoneE164}";

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

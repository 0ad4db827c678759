using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// A bulkhead for password hashing (PBKDF2, 210,000 iterations: 150-250 ms of a core each). At most
/// <see cref="SecurityOptions.PasswordHashConcurrency"/> hashes run at once, so that a flood of logins cannot take every core
/// from the SMS and page endpoints; the others wait up to <see cref="SecurityOptions.PasswordHashWait"/>, then get
/// <see cref="PasswordHashBusyException"/>. Every path that hashes or checks a password goes through here.
/// </summary>
/// <remarks>
/// Each caller waits a random time between half and all of the wait. With one fixed wait, a flood's requests that
/// arrived together were all refused in the same instant and all came back in the next: fifty page renders at once
/// every few seconds, which held every other request on the free core for 150-300 ms (bench step 5e).
/// </remarks>
public sealed class PasswordHashBulkhead : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _wait;
    private long _refused;

    public PasswordHashBulkhead(IOptions<SecurityOptions> options)
    {
        Concurrency = options.Value.PasswordHashConcurrency;
        _slots = new SemaphoreSlim(Concurrency, Concurrency);
        _wait = options.Value.PasswordHashWait;
    }

    public int Concurrency { get; }

    /// <summary>Hashes running now.</summary>
    public int Running => Concurrency - _slots.CurrentCount;

    /// <summary>Hashes refused since start (the <c>dashop.password_hash.refused</c> counter).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public async Task<T> RunAsync<T>(Func<Task<T>> hash, CancellationToken cancellationToken = default)
    {
        if (!await _slots.WaitAsync(_wait * (RandomNumberGenerator.GetInt32(500, 1001) / 1000.0), cancellationToken))
        {
            Interlocked.Increment(ref _refused);
            throw new PasswordHashBusyException();
        }
        try
        {
            return await hash();
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The code of the Identity error <see cref="IdentityExtensions.HashNewPasswordAsync"/> answers when no slot came free.</summary>
    public const string BusyCode = "PasswordHashBusy";

    public static bool IsBusy(Microsoft.AspNetCore.Identity.IdentityResult result) => result.Errors.Any(e => e.Code == BusyCode);

    public void Dispose() => _slots.Dispose();
}

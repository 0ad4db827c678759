using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>
/// Secrets that travel in messages (an SMS code, an activation link) are protected with Data Protection, bound to a
/// purpose and a short lifetime, so they are never in clear on the broker, in a dead-letter (<c>_error</c>) queue or in a
/// message log. The consumer unprotects them.
/// </summary>
public sealed class MessageProtection(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public string Protect(string purpose, string secret, DateTimeOffset expiresAt) =>
        Protector(purpose).Protect(secret, expiresAt);

    /// <summary>The secret, or null when the value was not made for this purpose, was altered or has expired.</summary>
    public string? Unprotect(string purpose, string protectedSecret)
    {
        try
        {
            var secret = Protector(purpose).Unprotect(protectedSecret, out var expiresAt);
            return expiresAt > time.GetUtcNow() ? secret : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    // One protector per purpose for the life of the process: creating one computes its purpose chain every time.
    private readonly ConcurrentDictionary<string, ITimeLimitedDataProtector> _protectors = new(StringComparer.Ordinal);

    private ITimeLimitedDataProtector Protector(string purpose) =>
        _protectors.GetOrAdd(purpose, static (p, provider) => provider.CreateProtector("Dashop.Messages", p).ToTimeLimitedDataProtector(),
            dataProtection);
}

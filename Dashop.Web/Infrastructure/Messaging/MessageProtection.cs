using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>
/// Secrets that travel in messages (an SMS code, an activation link) are sealed, bound to a purpose and a short lifetime,
/// so they are never in clear on the broker, in a dead-letter (<c>_error</c>) queue or in a message log. The consumer opens them.
/// <para>
/// A value is AES-256-GCM under a key derived (HKDF-SHA256) from the configured root secret (<see cref="AppSecrets"/>:
/// every instance has the same, as for the /v1 tokens) for the purpose and the UTC day, so any instance opens what any
/// other sealed, and a key seals at most one day's messages of its purpose (random 96-bit nonces stay far below their
/// bound). Text: <c>g1.</c> + base64url(day (4) | expiry, Unix ms (8) | nonce (12) | ciphertext | tag (16)); the purpose,
/// the day and the expiry are authenticated. Data Protection did the same at several times the CPU per message (a key
/// derivation, AES-CBC and HMAC-SHA512 each time); a value it sealed before an upgrade (no <c>g1.</c>) is still opened
/// with it, so messages in flight over a deployment are not lost.
/// </para>
/// </summary>
public sealed class MessageProtection(IDataProtectionProvider dataProtection, AppSecrets secrets, TimeProvider time)
{
    private const string Prefix = "g1.";
    private const int HeaderLength = 4 + 8;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public string Protect(string purpose, string secret, DateTimeOffset expiresAt)
    {
        var day = (int)(time.GetUtcNow().ToUnixTimeSeconds() / 86_400);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedValue = new byte[HeaderLength + NonceLength + plain.Length + TagLength];
        BinaryPrimitives.WriteInt32BigEndian(sealedValue, day);
        BinaryPrimitives.WriteInt64BigEndian(sealedValue.AsSpan(4), expiresAt.ToUnixTimeMilliseconds());
        var nonce = sealedValue.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(purpose, day), TagLength);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(HeaderLength + NonceLength, plain.Length), sealedValue.AsSpan(^TagLength),
            AssociatedData(purpose, sealedValue));
        return Prefix + Base64Url.EncodeToString(sealedValue);
    }

    /// <summary>The secret, or null when the value was not made for this purpose, was altered or has expired.</summary>
    public string? Unprotect(string purpose, string protectedSecret)
    {
        if (!protectedSecret.StartsWith(Prefix, StringComparison.Ordinal))
            return UnprotectDataProtection(purpose, protectedSecret);

        byte[] sealedValue;
        try
        {
            sealedValue = Base64Url.DecodeFromChars(protectedSecret.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }
        if (sealedValue.Length < HeaderLength + NonceLength + TagLength)
            return null;
        var day = BinaryPrimitives.ReadInt32BigEndian(sealedValue);
        var expiresAt = BinaryPrimitives.ReadInt64BigEndian(sealedValue.AsSpan(4));
        if (day < 0 || expiresAt <= time.GetUtcNow().ToUnixTimeMilliseconds())
            return null;
        var plain = new byte[sealedValue.Length - HeaderLength - NonceLength - TagLength];
        try
        {
            using var aes = new AesGcm(Key(purpose, day), TagLength);
            aes.Decrypt(sealedValue.AsSpan(HeaderLength, NonceLength), sealedValue.AsSpan(HeaderLength + NonceLength, plain.Length),
                sealedValue.AsSpan(^TagLength), plain, AssociatedData(purpose, sealedValue));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }

    // purpose | day | expiry: a value sealed for one purpose never opens for another, and its expiry cannot be moved.
    private static byte[] AssociatedData(string purpose, byte[] sealedValue)
    {
        var data = new byte[Encoding.UTF8.GetByteCount(purpose) + HeaderLength];
        var written = Encoding.UTF8.GetBytes(purpose, data);
        sealedValue.AsSpan(0, HeaderLength).CopyTo(data.AsSpan(written));
        return data;
    }

    // The day keys of a purpose, derived once each; only the last few days are kept (a message lives minutes, at most hours).
    private readonly ConcurrentDictionary<(string Purpose, int Day), byte[]> _keys = new();

    private byte[] Key(string purpose, int day)
    {
        if (_keys.TryGetValue((purpose, day), out var key))
            return key;
        var root = secrets.DeriveKey("messages:" + purpose);
        key = HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, salt: [], info: Encoding.UTF8.GetBytes("day:" + day.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var old in _keys.Keys.Where(k => Math.Abs(k.Day - day) > 3))
            _keys.TryRemove(old, out _);
        return _keys.GetOrAdd((purpose, day), key);
    }

    // Values sealed with Data Protection before the change (messages still queued during an upgrade).
    private string? UnprotectDataProtection(string purpose, string protectedSecret)
    {
        try
        {
            var secret = _protectors.GetOrAdd(purpose, static (p, provider) => provider.CreateProtector("Dashop.Messages", p).ToTimeLimitedDataProtector(),
                dataProtection).Unprotect(protectedSecret, out var expiresAt);
            return expiresAt > time.GetUtcNow() ? secret : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private readonly ConcurrentDictionary<string, ITimeLimitedDataProtector> _protectors = new(StringComparer.Ordinal);
}

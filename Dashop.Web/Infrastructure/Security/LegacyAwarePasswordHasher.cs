using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// Identity's PBKDF2 hasher, which also verifies the unsalted MD5 hex of a dadashop site (kept by
/// <c>import-dadashop</c> behind <see cref="LegacyMd5Prefix"/>). A right legacy password answers
/// <see cref="PasswordVerificationResult.SuccessRehashNeeded"/>, so Identity stores the PBKDF2 hash at that login.
/// New hashes are always PBKDF2: nothing writes the legacy format but the import.
/// </summary>
public sealed class LegacyAwarePasswordHasher : IPasswordHasher<DashopUser>
{
    /// <summary>The format marker of an imported hash: <c>dadashop-md5:</c> followed by 32 lower-case hex digits.</summary>
    public const string LegacyMd5Prefix = "dadashop-md5:";

    private readonly PasswordHasher<DashopUser> _pbkdf2;
    private readonly Lazy<string> _dummyHash;

    public LegacyAwarePasswordHasher(IOptions<PasswordHasherOptions> options)
    {
        _pbkdf2 = new PasswordHasher<DashopUser>(options);
        // Same iterations and format as a real hash, of a password nobody knows.
        _dummyHash = new Lazy<string>(() => _pbkdf2.HashPassword(new DashopUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    /// <summary>The stored form of a dadashop <c>password</c> column, or null when it is not an MD5 hex digest.</summary>
    public static string? ToLegacyHash(string? md5Hex)
    {
        var hex = md5Hex?.Trim();
        if (hex is not { Length: 32 } || !hex.All(char.IsAsciiHexDigit))
            return null;
        return LegacyMd5Prefix + hex.ToLowerInvariant();
    }

    public static bool IsLegacy(string? hash) => hash?.StartsWith(LegacyMd5Prefix, StringComparison.Ordinal) == true;

    public string HashPassword(DashopUser user, string password) => _pbkdf2.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(DashopUser user, string hashedPassword, string providedPassword)
    {
        ArgumentNullException.ThrowIfNull(hashedPassword);
        ArgumentNullException.ThrowIfNull(providedPassword);
        if (!IsLegacy(hashedPassword))
            return _pbkdf2.VerifyHashedPassword(user, hashedPassword, providedPassword);

        // One PBKDF2 verification as well, so that a legacy check takes as long as a PBKDF2 one (and whatever bounds
        // this hasher's concurrency bounds both): the time of a login does not tell which accounts were imported.
        _pbkdf2.VerifyHashedPassword(user, _dummyHash.Value, providedPassword);
        return MatchesMd5(hashedPassword.AsSpan(LegacyMd5Prefix.Length), providedPassword)
            ? PasswordVerificationResult.SuccessRehashNeeded
            : PasswordVerificationResult.Failed;
    }

    private static bool MatchesMd5(ReadOnlySpan<char> storedHex, string password)
    {
        Span<byte> stored = stackalloc byte[16];
        if (storedHex.Length != 32 || Convert.FromHexString(storedHex, stored, out _, out var written) != System.Buffers.OperationStatus.Done || written != 16)
            return false;
#pragma warning disable CA5351 // MD5 only to check the hashes of the site being replaced; they are replaced at once.
        var actual = MD5.HashData(Encoding.UTF8.GetBytes(password));
#pragma warning restore CA5351
        return CryptographicOperations.FixedTimeEquals(actual, stored);
    }
}

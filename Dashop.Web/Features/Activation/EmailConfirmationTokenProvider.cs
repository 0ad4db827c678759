using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Activation;

/// <summary>Identity's data-protection token, with its own purpose and the seed's three-day lifespan (the password reset link derives from it with its own).</summary>
public class EmailConfirmationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<EmailConfirmationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<DashopUser>> logger,
    TimeProvider time)
    : DataProtectorTokenProvider<DashopUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "DashopEmailConfirmation";

    // Identity's payload, kept byte for byte so that links mailed before and after this class read the same:
    // creation time (UTC ticks), user id, purpose, security stamp; strict UTF-8 without a byte order mark.
    // Identity reads DateTimeOffset.UtcNow; here the time comes from TimeProvider, so expiry can be tested.
    private static readonly System.Text.UTF8Encoding PayloadEncoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override async Task<string> GenerateAsync(string purpose, UserManager<DashopUser> manager, DashopUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var userId = await manager.GetUserIdAsync(user);
        var stamp = manager.SupportsUserSecurityStamp ? await manager.GetSecurityStampAsync(user) : null;

        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, PayloadEncoding, leaveOpen: true))
        {
            writer.Write(time.GetUtcNow().UtcTicks);
            writer.Write(userId);
            writer.Write(purpose ?? "");
            writer.Write(stamp ?? "");
        }
        return Convert.ToBase64String(Protector.Protect(payload.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<DashopUser> manager, DashopUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        DateTimeOffset createdAt;
        string userId, tokenPurpose, stamp;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(Protector.Unprotect(Convert.FromBase64String(token))), PayloadEncoding);
            createdAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            userId = reader.ReadString();
            tokenPurpose = reader.ReadString();
            stamp = reader.ReadString();
            if (reader.PeekChar() != -1)
                return false;
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            return false; // not Base64, not ours, tampered or truncated: an invalid link, not an error
        }

        if (createdAt + Options.TokenLifespan < time.GetUtcNow())
            return false;
        if (userId != await manager.GetUserIdAsync(user) || !string.Equals(tokenPurpose, purpose, StringComparison.Ordinal))
            return false;
        return manager.SupportsUserSecurityStamp
            ? stamp == await manager.GetSecurityStampAsync(user)
            : stamp.Length == 0;
    }
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// OWASP's device cookies (docs/decisions/0012-nobody-can-keep-a-person-out.md): a browser, or a /v1 client, that signed
/// in to an account successfully gets a token naming that account and a random device id, protected with Data
/// Protection. Such a device keeps its own failed-password count and a reserve of SMS codes, so what strangers send
/// (wrong passwords, code requests) does not keep the person out on a device they used before. The token proves nothing
/// by itself: it only says where the failures are counted.
/// </summary>
public sealed class KnownDevices(IDataProtectionProvider dataProtection, IOptions<AppOptions> app, TimeProvider time)
{
    public const string CookieName = "dashop.device";

    /// <summary>How long a device stays known after its last successful sign-in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector("Dashop.KnownDevice.v1").ToTimeLimitedDataProtector();

    /// <summary>A token for <paramref name="userId"/>; the device id of <paramref name="current"/> is kept when it names the same account.</summary>
    public string Issue(string userId, string? current)
    {
        var device = Read(current) is { } known && known.UserId == userId ? known.Id : Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        return _protector.Protect($"{device}:{userId}", time.GetUtcNow() + Lifetime);
    }

    /// <summary>The device a token names, or null when it was not made here, was altered or has expired.</summary>
    public KnownDevice? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
            return null;
        try
        {
            var payload = _protector.Unprotect(token, out var expiresAt);
            var colon = payload.IndexOf(':', StringComparison.Ordinal);
            return expiresAt > time.GetUtcNow() && colon > 0 ? new KnownDevice(payload[(colon + 1)..], payload[..colon]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The device id when <paramref name="token"/> is a valid token of <paramref name="userId"/>'s.</summary>
    public string? IdFor(string? token, string userId) => Read(token) is { } device && device.UserId == userId ? device.Id : null;

    /// <summary>The token of this browser's device cookie, if any.</summary>
    public static string? FromCookie(HttpContext? context) => context?.Request.Cookies[CookieName];

    /// <summary>Marks this browser as a known device of <paramref name="userId"/> (after a successful sign-in).</summary>
    public void Remember(HttpContext context, string userId) =>
        context.Response.Cookies.Append(CookieName, Issue(userId, FromCookie(context)), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps || app.Value.UsesHttps,
            Expires = time.GetUtcNow() + Lifetime,
            Path = "/",
        });
}

using System.Security.Cryptography;
using System.Text.Json;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>
/// The codes and access tokens of Development's provider simulators: a code is single use (claimed atomically, so two
/// exchanges of one code get one token) and lives 10 minutes; a token is a Data Protection value naming its person.
/// </summary>
public sealed class SimulatorGrants(IDistributedCache cache, IAtomicStore atomic, IDataProtectionProvider dataProtection, TimeProvider time)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    public async Task<string> IssueCodeAsync(string provider, SimulatedPerson person, string redirectUri, CancellationToken cancellationToken)
    {
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var grant = JsonSerializer.SerializeToUtf8Bytes(new CodeGrant(person, redirectUri));
        await cache.SetAsync(CodeKey(provider, code), grant, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = CodeLifetime }, cancellationToken);
        return code;
    }

    /// <summary>The person and redirect_uri of a code the first time it is redeemed; null for an unknown, expired or used code.</summary>
    public async Task<(SimulatedPerson Person, string RedirectUri)?> RedeemCodeAsync(string provider, string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 64)
            return null;
        var key = CodeKey(provider, code);
        var stored = await cache.GetAsync(key, cancellationToken);
        if (stored is null || (await atomic.TryClaimAsync(key + ":used", CodeLifetime, [], [])).Outcome != ClaimOutcome.Claimed)
            return null;
        await cache.RemoveAsync(key, cancellationToken);
        var grant = JsonSerializer.Deserialize<CodeGrant>(stored)!;
        return (grant.Person, grant.RedirectUri);
    }

    public string IssueToken(string provider, SimulatedPerson person, TimeSpan lifetime) =>
        Protector(provider).Protect(JsonSerializer.Serialize(new TokenGrant(person, (time.GetUtcNow() + lifetime).ToUnixTimeSeconds())));

    /// <summary>The person of a valid, unexpired token of this provider's simulator; null otherwise.</summary>
    public SimulatedPerson? ReadToken(string provider, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
            return null;
        try
        {
            var grant = JsonSerializer.Deserialize<TokenGrant>(Protector(provider).Unprotect(token));
            return grant is not null && grant.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds() ? grant.Person : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }

    private IDataProtector Protector(string provider) => dataProtection.CreateProtector($"Dashop.{provider}.Simulator.Token.v1");

    private static string CodeKey(string provider, string code) => $"{provider.ToLowerInvariant()}-simulator:code:{code}";

    private sealed record CodeGrant(SimulatedPerson Person, string RedirectUri);

    private sealed record TokenGrant(SimulatedPerson Person, long ExpiresAt);
}

namespace Dashop.Web.Infrastructure.Caching;

/// <summary>
/// The few operations that must be atomic across every instance (Redis) or every thread (embedded):
/// values themselves live in <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/>.
/// </summary>
public interface IAtomicStore
{
    /// <summary>
    /// In one step: takes <paramref name="claimKey"/> for <paramref name="owner"/> if nobody holds it, counts one against
    /// each quota, and deletes <paramref name="resetKeys"/>. If a quota would go over its limit nothing changes.
    /// </summary>
    Task<ClaimResult> TryClaimAsync(string claimKey, TimeSpan claimTtl, IReadOnlyList<Quota> quotas, IReadOnlyList<string> resetKeys,
        string owner = "1");

    /// <summary>Deletes <paramref name="claimKey"/> only while <paramref name="owner"/> holds it; true when it did.</summary>
    Task<bool> ReleaseClaimAsync(string claimKey, string owner);

    /// <summary>Adds one to <paramref name="key"/>, which expires <paramref name="ttl"/> after its first increment.</summary>
    Task<long> IncrementAsync(string key, TimeSpan ttl);

    Task DeleteAsync(params string[] keys);
}

namespace Dashop.Web.Infrastructure.Caching;

/// <summary>
/// The few operations that must be atomic across every instance (Redis) or every thread (embedded):
/// values themselves live in <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/>.
/// </summary>
public interface IAtomicStore
{
    /// <summary>
    /// All or nothing: takes <paramref name="claimKey"/> for <paramref name="owner"/> if nobody holds it, counts one against
    /// each quota (a <see cref="Quota.CheckOnly"/> one is only checked: refused once it has reached its limit, never
    /// counted), and deletes <paramref name="resetKeys"/>. If a quota would go over its limit nothing changes (the result
    /// names the first such quota). The claim is taken before any quota is counted, so callers that lose the claim use
    /// up no quota. On a Redis Cluster, keys in other hash slots than the claim's are counted in later steps, in the
    /// order given, and a refusal undoes the earlier steps: meanwhile another caller may see the claim or a count that
    /// is then given back (it is refused, never let through), so give keys that must change together one hash tag.
    /// </summary>
    Task<ClaimResult> TryClaimAsync(string claimKey, TimeSpan claimTtl, IReadOnlyList<Quota> quotas, IReadOnlyList<string> resetKeys,
        string owner = "1");

    /// <summary>
    /// All or nothing: counts one against each quota (check-only ones only checked), or nothing when one would go over its
    /// limit (<see cref="ClaimOutcome.QuotaExceeded"/> naming it; <see cref="ClaimOutcome.Claimed"/> when all were counted).
    /// The way to cap an action that holds nothing (e-mails per address and per network); across hash slots of a Redis
    /// Cluster as <see cref="TryClaimAsync"/> counts them.
    /// </summary>
    Task<ClaimResult> CountAsync(IReadOnlyList<Quota> quotas);

    /// <summary>Deletes <paramref name="claimKey"/> only while <paramref name="owner"/> holds it; true when it did.</summary>
    Task<bool> ReleaseClaimAsync(string claimKey, string owner);

    /// <summary>Adds one to <paramref name="key"/>, which expires <paramref name="ttl"/> after its first increment.</summary>
    Task<long> IncrementAsync(string key, TimeSpan ttl);

    Task DeleteAsync(params string[] keys);
}

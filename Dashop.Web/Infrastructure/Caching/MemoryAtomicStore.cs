namespace Dashop.Web.Infrastructure.Caching;

/// <summary>The embedded (single-process) twin of <see cref="RedisAtomicStore"/>: one lock, the same semantics.</summary>
public sealed class MemoryAtomicStore(TimeProvider time) : IAtomicStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Value, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    public Task<ClaimResult> TryClaimAsync(string claimKey, TimeSpan claimTtl, IReadOnlyList<Quota> quotas, IReadOnlyList<string> resetKeys,
        string owner = "1")
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            if (Live(claimKey, now) is not null)
                return Task.FromResult(new ClaimResult(ClaimOutcome.AlreadyClaimed));

            if (Refused(quotas, now) is { } refused)
                return Task.FromResult(new ClaimResult(ClaimOutcome.QuotaExceeded, refused));

            _entries[claimKey] = (1, now + claimTtl);
            _owners[claimKey] = owner;
            Count(quotas, now);
            foreach (var key in resetKeys)
            {
                _entries.Remove(key);
                _owners.Remove(key);
            }
            return Task.FromResult(new ClaimResult(ClaimOutcome.Claimed));
        }
    }

    public Task<ClaimResult> CountAsync(IReadOnlyList<Quota> quotas)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            if (Refused(quotas, now) is { } refused)
                return Task.FromResult(new ClaimResult(ClaimOutcome.QuotaExceeded, refused));
            Count(quotas, now);
            return Task.FromResult(new ClaimResult(ClaimOutcome.Claimed));
        }
    }

    /// <summary>The first quota that a count would take over its limit (a check-only one: that has reached it); the same test.</summary>
    private int? Refused(IReadOnlyList<Quota> quotas, DateTimeOffset now)
    {
        for (var i = 0; i < quotas.Count; i++)
        {
            if ((Live(quotas[i].Key, now)?.Value ?? 0) + 1 > quotas[i].Limit)
                return i;
        }
        return null;
    }

    private void Count(IReadOnlyList<Quota> quotas, DateTimeOffset now)
    {
        foreach (var quota in quotas)
        {
            if (!quota.CheckOnly)
                Add(quota.Key, quota.Window, now);
        }
    }

    public Task<bool> ReleaseClaimAsync(string claimKey, string owner)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (Live(claimKey, now) is null || !_owners.TryGetValue(claimKey, out var holder) || holder != owner)
                return Task.FromResult(false);
            _entries.Remove(claimKey);
            _owners.Remove(claimKey);
            return Task.FromResult(true);
        }
    }

    public Task<long> IncrementAsync(string key, TimeSpan ttl)
    {
        var now = time.GetUtcNow();
        lock (_gate)
            return Task.FromResult(Add(key, ttl, now));
    }

    public Task DeleteAsync(params string[] keys)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _entries.Remove(key);
                _owners.Remove(key);
            }
        }
        return Task.CompletedTask;
    }

    private long Add(string key, TimeSpan ttl, DateTimeOffset now)
    {
        var entry = Live(key, now) ?? (0, now + ttl);
        _entries[key] = (entry.Value + 1, entry.ExpiresAt);
        return entry.Value + 1;
    }

    private (long Value, DateTimeOffset ExpiresAt)? Live(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now ? entry : null;

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
            return;
        _nextSweep = now.AddMinutes(1);
        foreach (var key in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
            _owners.Remove(key);
        }
    }
}

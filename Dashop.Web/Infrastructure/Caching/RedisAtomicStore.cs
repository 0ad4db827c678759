using StackExchange.Redis;

namespace Dashop.Web.Infrastructure.Caching;

/// <summary>
/// The shared twin of <see cref="MemoryAtomicStore"/>. On one Redis a claim is one Lua script. On a Redis Cluster a script
/// may only touch keys of one hash slot, so a claim whose keys span slots runs as single-slot steps in the caller's order:
/// first the claim key with the quotas of its slot, then the other quotas slot by slot, then the reset keys; a step that
/// refuses, or fails, undoes the steps before it (docs/decisions/0010-redis-cluster-hash-tags.md).
/// </summary>
public sealed class RedisAtomicStore(IConnectionMultiplexer redis, string keyPrefix) : IAtomicStore
{
    // KEYS: claim, quota keys..., reset keys...   ARGV: claimTtlMs, quotaCount, (limit, windowMs, counted)..., owner
    // A quota with counted '0' is only checked: refused once it has reached its limit, never counted (nor undone).
    private const string ClaimScript = """
        if not redis.call('SET', KEYS[1], ARGV[3 + 3 * tonumber(ARGV[2])], 'NX', 'PX', ARGV[1]) then return -1 end
        local n = tonumber(ARGV[2])
        for i = 1, n do
          local refused
          if ARGV[2 + 3 * i] == '1' then
            local count = redis.call('INCR', KEYS[1 + i])
            if count == 1 then redis.call('PEXPIRE', KEYS[1 + i], ARGV[1 + 3 * i]) end
            refused = count > tonumber(ARGV[3 * i])
          else
            refused = tonumber(redis.call('GET', KEYS[1 + i]) or '0') >= tonumber(ARGV[3 * i])
          end
          if refused then
            for j = 1, i do
              if ARGV[2 + 3 * j] == '1' then redis.call('DECR', KEYS[1 + j]) end
            end
            redis.call('DEL', KEYS[1])
            return i
          end
        end
        for k = n + 2, #KEYS do redis.call('DEL', KEYS[k]) end
        return 0
        """;

    // A step of quotas only (one slot). KEYS: quota keys...   ARGV: (limit, windowMs, counted)...   Returns the 1-based refused one.
    private const string QuotaScript = """
        for i = 1, #KEYS do
          local refused
          if ARGV[3 * i] == '1' then
            local count = redis.call('INCR', KEYS[i])
            if count == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3 * i - 1]) end
            refused = count > tonumber(ARGV[3 * i - 2])
          else
            refused = tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[3 * i - 2])
          end
          if refused then
            for j = 1, i do
              if ARGV[3 * j] == '1' then redis.call('DECR', KEYS[j]) end
            end
            return i
          end
        end
        return 0
        """;

    // Undoes a step that succeeded (one slot). KEYS: [claim], quota keys...   ARGV: owner ('' when the step held no claim).
    // A counter that expired meanwhile is left alone: a DECR would bring it back as -1 without an expiry.
    private const string UndoScript = """
        local first = 1
        if ARGV[1] ~= '' then
          if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
          first = 2
        end
        for i = first, #KEYS do
          if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('DECR', KEYS[i]) end
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string IncrementScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    public async Task<ClaimResult> TryClaimAsync(string claimKey, TimeSpan claimTtl, IReadOnlyList<Quota> quotas, IReadOnlyList<string> resetKeys,
        string owner = "1")
    {
        var claim = (RedisKey)(keyPrefix + claimKey);
        var slot = redis.HashSlot(claim);
        var inClaimSlot = new List<int>(quotas.Count);
        var elsewhere = new List<int>(quotas.Count);
        for (var i = 0; i < quotas.Count; i++)
            (redis.HashSlot(Key(quotas[i].Key)) == slot ? inClaimSlot : elsewhere).Add(i);
        var resets = resetKeys.Select(k => Key(k)).ToArray();
        var oneStep = elsewhere.Count == 0 && resets.All(k => redis.HashSlot(k) == slot);

        var first = await ClaimStepAsync(claim, claimTtl, quotas, inClaimSlot, oneStep ? resets : [], owner);
        if (first.Outcome != ClaimOutcome.Claimed || oneStep)
            return first;

        // Only what a step counted is undone: a check-only quota took nothing.
        var done = new List<(RedisKey[] Keys, string Owner)> { ([claim, .. Counted(quotas, inClaimSlot)], owner) };
        if (await CountInStepsAsync(quotas, elsewhere, done) is { } refused)
            return new ClaimResult(ClaimOutcome.QuotaExceeded, refused);
        try
        {
            foreach (var key in resets)
                await redis.GetDatabase().KeyDeleteAsync(key);
            return first;
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            await UndoAsync(done);
            throw;
        }
    }

    public async Task<ClaimResult> CountAsync(IReadOnlyList<Quota> quotas) =>
        await CountInStepsAsync(quotas, [.. Enumerable.Range(0, quotas.Count)], []) is { } refused
            ? new ClaimResult(ClaimOutcome.QuotaExceeded, refused)
            : new ClaimResult(ClaimOutcome.Claimed);

    /// <summary>
    /// Counts the quotas at <paramref name="indexes"/> one hash slot at a time; a refusal or a failure undoes every step
    /// of <paramref name="done"/> and this call's. The index of the refused quota, or null when all were counted.
    /// </summary>
    private async Task<int?> CountInStepsAsync(IReadOnlyList<Quota> quotas, List<int> indexes, List<(RedisKey[] Keys, string Owner)> done)
    {
        try
        {
            foreach (var step in indexes.GroupBy(i => redis.HashSlot(Key(quotas[i].Key))))
            {
                var slotIndexes = step.ToList();
                var refused = await QuotaStepAsync(quotas, slotIndexes);
                if (refused >= 0)
                {
                    await UndoAsync(done);
                    return refused;
                }
                done.Add(([.. Counted(quotas, slotIndexes)], ""));
            }
            return null;
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            await UndoAsync(done);
            throw;
        }
    }

    private async Task<ClaimResult> ClaimStepAsync(RedisKey claim, TimeSpan claimTtl, IReadOnlyList<Quota> quotas, List<int> indexes,
        RedisKey[] resets, string owner)
    {
        var keys = new RedisKey[1 + indexes.Count + resets.Length];
        var args = new RedisValue[3 + 3 * indexes.Count];
        args[^1] = owner;
        keys[0] = claim;
        args[0] = (long)claimTtl.TotalMilliseconds;
        args[1] = indexes.Count;
        for (var i = 0; i < indexes.Count; i++)
        {
            keys[1 + i] = Key(quotas[indexes[i]].Key);
            args[2 + 3 * i] = quotas[indexes[i]].Limit;
            args[3 + 3 * i] = (long)quotas[indexes[i]].Window.TotalMilliseconds;
            args[4 + 3 * i] = quotas[indexes[i]].CheckOnly ? 0 : 1;
        }
        resets.CopyTo(keys, 1 + indexes.Count);

        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, keys, args);
        return result switch
        {
            0 => new ClaimResult(ClaimOutcome.Claimed),
            -1 => new ClaimResult(ClaimOutcome.AlreadyClaimed),
            _ => new ClaimResult(ClaimOutcome.QuotaExceeded, indexes[(int)result - 1]),
        };
    }

    /// <summary>Counts one against each quota of one slot; the index of the refused quota, or -1.</summary>
    private async Task<int> QuotaStepAsync(IReadOnlyList<Quota> quotas, List<int> indexes)
    {
        var keys = indexes.Select(i => Key(quotas[i].Key)).ToArray();
        var args = indexes.SelectMany(i => new RedisValue[] { quotas[i].Limit, (long)quotas[i].Window.TotalMilliseconds, quotas[i].CheckOnly ? 0 : 1 })
            .ToArray();
        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(QuotaScript, keys, args);
        return result == 0 ? -1 : indexes[(int)result - 1];
    }

    /// <summary>
    /// Undoes the steps taken, newest first. Best effort: a step whose node cannot be reached keeps what it took until its
    /// keys expire (the claim after its TTL, a counter after its window), which only ever refuses more, never less.
    /// </summary>
    private async Task UndoAsync(List<(RedisKey[] Keys, string Owner)> done)
    {
        for (var i = done.Count - 1; i >= 0; i--)
        {
            try
            {
                await redis.GetDatabase().ScriptEvaluateAsync(UndoScript, done[i].Keys, [done[i].Owner]);
            }
            catch (Exception ex) when (StoreExceptions.Is(ex))
            {
                // Bounded by the keys' expiry, as above.
            }
        }
    }

    public async Task<bool> ReleaseClaimAsync(string claimKey, string owner) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [Key(claimKey)], [owner]) == 1;

    public async Task<long> IncrementAsync(string key, TimeSpan ttl) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript, [Key(key)], [(long)ttl.TotalMilliseconds]);

    /// <summary>One DEL per hash slot: a cluster refuses a DEL whose keys span slots.</summary>
    public Task DeleteAsync(params string[] keys) =>
        Task.WhenAll(keys.Select(Key).GroupBy(k => redis.HashSlot(k)).Select(slot => redis.GetDatabase().KeyDeleteAsync(slot.ToArray())));

    private IEnumerable<RedisKey> Counted(IReadOnlyList<Quota> quotas, List<int> indexes) =>
        indexes.Where(i => !quotas[i].CheckOnly).Select(i => Key(quotas[i].Key));

    private RedisKey Key(string key) => keyPrefix + key;
}

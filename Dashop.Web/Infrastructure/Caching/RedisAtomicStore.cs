using StackExchange.Redis;

namespace Dashop.Web.Infrastructure.Caching;

public sealed class RedisAtomicStore(IConnectionMultiplexer redis, string keyPrefix) : IAtomicStore
{
    // KEYS: claim, quota keys..., reset keys...   ARGV: claimTtlMs, quotaCount, (limit, windowMs)..., owner
    private const string ClaimScript = """
        if not redis.call('SET', KEYS[1], ARGV[3 + 2 * tonumber(ARGV[2])], 'NX', 'PX', ARGV[1]) then return -1 end
        local n = tonumber(ARGV[2])
        for i = 1, n do
          local count = redis.call('INCR', KEYS[1 + i])
          if count == 1 then redis.call('PEXPIRE', KEYS[1 + i], ARGV[2 + 2 * i]) end
          if count > tonumber(ARGV[1 + 2 * i]) then
            for j = 1, i do redis.call('DECR', KEYS[1 + j]) end
            redis.call('DEL', KEYS[1])
            return i
          end
        end
        for k = n + 2, #KEYS do redis.call('DEL', KEYS[k]) end
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
        var keys = new RedisKey[1 + quotas.Count + resetKeys.Count];
        var args = new RedisValue[3 + 2 * quotas.Count];
        args[^1] = owner;
        keys[0] = keyPrefix + claimKey;
        args[0] = (long)claimTtl.TotalMilliseconds;
        args[1] = quotas.Count;
        for (var i = 0; i < quotas.Count; i++)
        {
            keys[1 + i] = keyPrefix + quotas[i].Key;
            args[2 + 2 * i] = quotas[i].Limit;
            args[3 + 2 * i] = (long)quotas[i].Window.TotalMilliseconds;
        }
        for (var i = 0; i < resetKeys.Count; i++)
            keys[1 + quotas.Count + i] = keyPrefix + resetKeys[i];

        var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, keys, args);
        return result switch
        {
            0 => new ClaimResult(ClaimOutcome.Claimed),
            -1 => new ClaimResult(ClaimOutcome.AlreadyClaimed),
            _ => new ClaimResult(ClaimOutcome.QuotaExceeded, (int)result - 1),
        };
    }

    public async Task<bool> ReleaseClaimAsync(string claimKey, string owner) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [keyPrefix + claimKey], [owner]) == 1;

    public async Task<long> IncrementAsync(string key, TimeSpan ttl) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript, [keyPrefix + key], [(long)ttl.TotalMilliseconds]);

    public Task DeleteAsync(params string[] keys) =>
        redis.GetDatabase().KeyDeleteAsync(keys.Select(k => (RedisKey)(keyPrefix + k)).ToArray());
}

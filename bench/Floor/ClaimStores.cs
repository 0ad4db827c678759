using StackExchange.Redis;

namespace Dashop.Bench.Floor;

/// <summary>The per-phone state of a request: claim the cooldown and count the quotas, then keep the code's record.</summary>
public interface IClaimStore
{
    /// <summary>0 claimed, -1 cooldown held, i &gt; 0 the i-th quota refused.</summary>
    Task<long> ClaimAsync(string phone, string clientIp, string owner, DateTimeOffset chinaNow, int cooldownSeconds);

    Task StoreCodeAsync(string phone, byte[] record, int ttlSeconds);
}

/// <summary>One Lua script a claim (the same kind as Dashop's: SET NX PX, then INCR/PEXPIRE each quota, undo on refusal).</summary>
public sealed class RedisClaimStore(string configuration, string prefix) : IClaimStore
{
    private const string Script = """
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

    private readonly IDatabase _db = ConnectionMultiplexer.Connect(configuration).GetDatabase();
    private readonly string _site = prefix + ":sms:site:";

    public async Task<long> ClaimAsync(string phone, string clientIp, string owner, DateTimeOffset chinaNow, int cooldownSeconds)
    {
        var hour = chinaNow.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
        RedisKey[] keys =
        [
            $"{prefix}:sms:cooldown:{{{phone}}}",
            $"{prefix}:sms:day:{{{phone}}}:{chinaNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}",
            $"{prefix}:sms:ip:{clientIp}:{hour}",
            _site + hour,
            $"{prefix}:sms:attempts:{{{phone}}}",
        ];
        RedisValue[] args = [cooldownSeconds * 1000L, 3, 1_000_000, 90_000_000L, 1_000_000_000, 3_900_000L, 1_000_000_000, 3_900_000L, owner];
        return (long)await _db.ScriptEvaluateAsync(Script, keys, args);
    }

    public Task StoreCodeAsync(string phone, byte[] record, int ttlSeconds) =>
        _db.StringSetAsync($"{prefix}:sms:code:{{{phone}}}", record, TimeSpan.FromSeconds(ttlSeconds));
}

/// <summary>The same claim in the process: one lock, entries with their expiry, swept once a minute.</summary>
public sealed class MemoryClaimStore(TimeProvider time) : IClaimStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Value, long ExpiresMs)> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] Record, long ExpiresMs)> _codes = new(StringComparer.Ordinal);
    private long _nextSweep;

    public Task<long> ClaimAsync(string phone, string clientIp, string owner, DateTimeOffset chinaNow, int cooldownSeconds)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hour = chinaNow.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
        var cooldown = "c:" + phone;
        var day = "d:" + phone;
        var ip = "i:" + clientIp + ":" + hour;
        var site = "s:" + hour;
        lock (_gate)
        {
            Sweep(now);
            if (_counters.TryGetValue(cooldown, out var held) && held.ExpiresMs > now)
                return Task.FromResult(-1L);
            if (Live(day, now) >= 1_000_000)
                return Task.FromResult(1L);
            if (Live(ip, now) >= 1_000_000_000 || Live(site, now) >= 1_000_000_000)
                return Task.FromResult(2L);
            _counters[cooldown] = (1, now + cooldownSeconds * 1000L);
            Add(day, now, 90_000_000);
            Add(ip, now, 3_900_000);
            Add(site, now, 3_900_000);
            _counters.Remove("a:" + phone);
            return Task.FromResult(0L);
        }
    }

    public Task StoreCodeAsync(string phone, byte[] record, int ttlSeconds)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
            _codes[phone] = (record, now + ttlSeconds * 1000L);
        return Task.CompletedTask;
    }

    private long Live(string key, long now) => _counters.TryGetValue(key, out var e) && e.ExpiresMs > now ? e.Value : 0;

    private void Add(string key, long now, long windowMs)
    {
        var e = _counters.TryGetValue(key, out var found) && found.ExpiresMs > now ? found : (0, now + windowMs);
        _counters[key] = (e.Value + 1, e.ExpiresMs);
    }

    private void Sweep(long now)
    {
        if (now < _nextSweep)
            return;
        _nextSweep = now + 60_000;
        foreach (var key in _counters.Where(e => e.Value.ExpiresMs <= now).Select(e => e.Key).ToList())
            _counters.Remove(key);
        foreach (var key in _codes.Where(e => e.Value.ExpiresMs <= now).Select(e => e.Key).ToList())
            _codes.Remove(key);
    }
}

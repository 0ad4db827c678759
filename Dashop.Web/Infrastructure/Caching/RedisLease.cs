using StackExchange.Redis;

namespace Dashop.Web.Infrastructure.Caching;

/// <summary>The shared twin of <see cref="MemoryLease"/>: one <c>SET key holder NX PX</c>.</summary>
public sealed class RedisLease(IConnectionMultiplexer redis, string keyPrefix) : ILease
{
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public Task<bool> TryAcquireAsync(string name, TimeSpan duration) =>
        redis.GetDatabase().StringSetAsync(keyPrefix + "lease:" + name, _holder, duration, When.NotExists);
}

namespace Dashop.Web.Infrastructure.Caching;

/// <summary>The embedded twin of <see cref="RedisLease"/>: the same meaning within one process, on its clock.</summary>
public sealed class MemoryLease(TimeProvider time) : ILease
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public Task<bool> TryAcquireAsync(string name, TimeSpan duration)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_until.TryGetValue(name, out var until) && until > now)
                return Task.FromResult(false);
            _until[name] = now + duration;
            return Task.FromResult(true);
        }
    }
}

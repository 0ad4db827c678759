using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// The username and SecurityStamp of accounts whose /v1 tokens were checked lately, so that <c>GET /v1/tokens/status</c>
/// (about 20 a day for each daily user, docs/SCALING.md) is not a database round trip each. An entry lives
/// <see cref="JwtOptions.StatusStampCacheSeconds"/> (5 s; at most 60, the minute within which §11 re-validates
/// cookies); a change of an account saved through EF Core in this process (Identity's stamp updates, renames,
/// deletions) drops its entry at once, so on this instance a token ends at its next check; another instance sees the change
/// once its entry expires. Sensitive requests do not use this: they read the stamp from the database.
/// </summary>
public sealed class AccountStampCache(IOptions<JwtOptions> options, TimeProvider time) : SaveChangesInterceptor
{
    /// <summary>Entries kept at most; past it new accounts are read from the database without being kept.</summary>
    public const int MaxEntries = 100_000;

    private readonly long _lifetimeMs = options.Value.StatusStampCacheSeconds * 1000L;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _nextSweepMs;

    private sealed record Entry(string? UserName, string? SecurityStamp, long ExpiresMs);

    /// <summary>The account's username and stamp (nulls when it does not exist), from the cache or through <paramref name="read"/>.</summary>
    public async Task<(string? UserName, string? SecurityStamp)> GetAsync(string userId,
        Func<string, CancellationToken, Task<(string? UserName, string? SecurityStamp)>> read, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_entries.TryGetValue(userId, out var entry) && entry.ExpiresMs > now)
            return (entry.UserName, entry.SecurityStamp);
        var (userName, stamp) = await read(userId, cancellationToken);
        if (_lifetimeMs > 0)
        {
            Sweep(now);
            if (_entries.Count < MaxEntries || _entries.ContainsKey(userId))
                _entries[userId] = new Entry(userName, stamp, now + _lifetimeMs);
        }
        return (userName, stamp);
    }

    /// <summary>Forgets the account: its next check reads the database.</summary>
    public void Invalidate(string userId) => _entries.TryRemove(userId, out _);

    private void Sweep(long now)
    {
        var next = Interlocked.Read(ref _nextSweepMs);
        if (now < next || Interlocked.CompareExchange(ref _nextSweepMs, now + _lifetimeMs + 1000, next) != next)
            return;
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresMs <= now)
                _entries.TryRemove(key, out _);
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => After(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    // Accounts are forgotten before the save (a check between it and the commit reads the database) and again after it (a
    // check that read the old row meanwhile does not stay cached); after the save the tracker has accepted the changes,
    // so the ids are kept from before.
    private readonly ConditionalWeakTable<DbContext, List<string>> _saving = [];

    private void Before(DbContext? context)
    {
        if (context is null)
            return;
        var tracker = context.ChangeTracker;
        // Identity marks an account Modified (Update) or Deleted (Remove) itself; no change detection pass is needed for that,
        // and none is paid here on saves of other entities (the delivery rows' batches).
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        List<string>? changed = null;
        try
        {
            foreach (var e in tracker.Entries<DashopUser>())
            {
                if (e.State is EntityState.Modified or EntityState.Deleted)
                    (changed ??= []).Add(e.Entity.Id);
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
        if (changed is null)
            return;
        foreach (var id in changed)
            Invalidate(id);
        _saving.AddOrUpdate(context, changed);
    }

    private void After(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out var ids))
            return;
        _saving.Remove(context);
        foreach (var id in ids)
            Invalidate(id);
    }
}

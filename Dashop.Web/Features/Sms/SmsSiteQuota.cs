using Dashop.Web.Infrastructure;
using System.Globalization;
using System.Text;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Sms;

/// <summary>
/// <c>Sms:MaxPerHour</c>: one counter for the whole site per China-time hour, claimed with the other quotas of a code
/// request. When it is reached the hour is recorded in the shared cache, so the admin page of any instance shows it.
/// </summary>
public sealed class SmsSiteQuota(IDistributedCache cache, IOptions<SmsOptions> options, TimeProvider time)
{

    private const string ReachedKey = "sms:site:reached";

    public int Limit { get; } = options.Value.MaxPerHour;

    public Quota For(DateTimeOffset now) =>
        new($"sms:site:{Hour(now)}", Limit, TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));

    /// <summary>Records that the quota of <paramref name="now"/>'s hour is used up. Best effort: the refusal stands either way.</summary>
    public async Task MarkReachedAsync(DateTimeOffset now)
    {
        try
        {
            await cache.SetAsync(ReachedKey, Encoding.UTF8.GetBytes(Hour(now)),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            // The cache is down: code requests are refused anyway, and the cache check of the admin page says why.
        }
    }

    /// <summary>When the current hour's quota is used up: the end of that hour (China time); otherwise null.</summary>
    public async Task<DateTimeOffset?> ReachedUntilAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reached = await cache.GetAsync(ReachedKey, cancellationToken);
        if (reached is null || Encoding.UTF8.GetString(reached) != Hour(now))
            return null;
        var china = now.ToOffset(ChinaTime.Offset);
        return new DateTimeOffset(china.Year, china.Month, china.Day, china.Hour, 0, 0, ChinaTime.Offset).AddHours(1);
    }

    private static string Hour(DateTimeOffset now) => now.ToOffset(ChinaTime.Offset).ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
}

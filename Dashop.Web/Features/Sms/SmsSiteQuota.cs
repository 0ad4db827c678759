using Dashop.Web.Infrastructure;
using System.Globalization;
using System.Text;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Sms;

/// <summary>
/// <c>Sms:MaxPerHour</c>: one counter for the whole site per China-time hour of SMS really handed to the provider. A code
/// request only checks it, after the phone's and the IP's caps (a request refused, or a code that the consumer suppresses,
/// uses none of it); the consumer counts it, once per delivery, just before it calls the provider. When it is reached the
/// hour is recorded in the shared cache, so the admin page of any instance shows it.
/// </summary>
public sealed class SmsSiteQuota(IDistributedCache cache, IAtomicStore atomic, IOptions<SmsOptions> options, TimeProvider time)
{

    private const string ReachedKey = "sms:site:reached";

    public int Limit { get; } = options.Value.MaxPerHour;

    private static readonly TimeSpan Window = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5);

    /// <summary>The quota a code request checks without counting: refused once the hour's SMS have reached the limit.</summary>
    public Quota CheckFor(DateTimeOffset now) => new($"sms:site:{Hour(now)}", Limit, Window, CheckOnly: true);

    /// <summary>
    /// Counts the SMS of <paramref name="deliveryId"/> against the hour, once: a retry or redelivery of the same delivery
    /// finds its claim and is not counted again. False when the hour's SMS have reached the limit (then it is marked).
    /// </summary>
    public async Task<bool> TryCountSendAsync(Guid deliveryId)
    {
        var now = time.GetUtcNow();
        ClaimResult claim;
        try
        {
            claim = await atomic.TryClaimAsync($"sms:site:sent:{deliveryId:N}", Window, [new Quota($"sms:site:{Hour(now)}", Limit, Window)], []);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            // The store went away after the code was issued (its request was checked against the cap while it was up, and
            // no new code is issued without it): the SMS already promised goes out uncounted.
            return true;
        }
        if (claim.Outcome != ClaimOutcome.QuotaExceeded)
            return true;
        await MarkReachedAsync(now);
        return false;
    }

    /// <summary>Records that the quota of <paramref name="now"/>'s hour is used up. Best effort: the refusal stands either way.</summary>
    public async Task MarkReachedAsync(DateTimeOffset now)
    {
        try
        {
            await cache.SetAsync(ReachedKey, Encoding.UTF8.GetBytes(Hour(now)),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
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

using System.Globalization;

namespace Dashop.Web.Infrastructure.Caching;

/// <summary>
/// A counter that may grow to <paramref name="Limit"/> within its window. A <paramref name="CheckOnly"/> quota is not
/// counted by a claim: the claim is refused while the counter has reached its limit (someone else counts it, as the SMS
/// consumer counts the site's hourly cap when an SMS is really sent).
/// </summary>
public sealed record Quota(string Key, long Limit, TimeSpan Window, bool CheckOnly = false)
{
    /// <summary>A cap per China-time day (what a person in China calls "a day"); the key ends with the day.</summary>
    public static Quota PerChinaDay(string key, long limit, TimeProvider time) =>
        new($"{key}:{time.GetChinaNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}", limit, TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

    /// <summary>A cap per China-time hour; the key ends with the hour.</summary>
    public static Quota PerChinaHour(string key, long limit, TimeProvider time) =>
        new($"{key}:{time.GetChinaNow().ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}", limit, TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));
}

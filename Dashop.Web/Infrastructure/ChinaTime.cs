namespace Dashop.Web.Infrastructure;

/// <summary>
/// China Standard Time, UTC+8 all year (no daylight saving): the day of a daily cap, Ronglian's signature timestamps,
/// the tutorial database's local times.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChinaTime(this DateTimeOffset time) => time.ToOffset(Offset);

    public static DateTimeOffset GetChinaNow(this TimeProvider time) => time.GetUtcNow().ToOffset(Offset);

    /// <summary>A stored UTC time as shown on pages and in e-mails: China time, to the second (the label says "UTC+8").</summary>
    public static string Format(DateTime utc) =>
        Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public static string Format(DateTimeOffset time) =>
        time.ToOffset(Offset).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}

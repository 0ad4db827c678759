using System.Globalization;

namespace Dashop.Testing.Ronglian;

/// <summary>Ronglian's timestamps: <c>yyyyMMddHHmmss</c> in China time (UTC+8, no daylight saving).</summary>
internal static class RonglianClock
{
    public const string Format = "yyyyMMddHHmmss";
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static string ChinaTimestamp(DateTimeOffset at) => at.ToOffset(ChinaOffset).ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string timestamp) =>
        DateTime.TryParseExact(timestamp, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var china)
            ? new DateTimeOffset(china, ChinaOffset)
            : null;
}

using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Admin;

/// <summary>
/// Buckets the last day's delivery and sign-in records by <see cref="Bucket"/> for the health page's charts, so that
/// they work with no metrics backend. Only the columns a chart needs are read; percentiles are taken here, since
/// SQLite has no percentile function.
/// </summary>
public sealed class HealthChartQuery(DashopDbContext db)
{
    /// <summary>One bar an hour: 24 bars a day stay wide enough to see and hover on a phone (§19).</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromHours(1);

    public const string SentColor = "#198754";
    public const string FailedColor = "#dc3545";

    public async Task<HealthCharts> ReadAsync(DateTime nowUtc, TimeSpan window, CancellationToken cancellationToken)
    {
        var buckets = (int)(window / Bucket);
        // Whole buckets, the last one holding now.
        var since = new DateTime(nowUtc.Ticks - nowUtc.Ticks % Bucket.Ticks, DateTimeKind.Utc) - Bucket * (buckets - 1);

        var ended = await db.Deliveries.AsNoTracking()
            .Where(d => d.CompletedAtUtc >= since && d.Status != DeliveryStatus.Pending)
            .Select(d => new { d.Channel, d.Status, d.CreatedAtUtc, CompletedAtUtc = d.CompletedAtUtc!.Value })
            .ToListAsync(cancellationToken);
        var failedSignIns = await db.Set<SignInRecord>().AsNoTracking()
            .Where(s => s.AtUtc >= since && s.Result != SignInOutcome.Succeeded)
            .Select(s => s.AtUtc)
            .ToListAsync(cancellationToken);

        int IndexOf(DateTime at) => Math.Clamp((int)((at - since).Ticks / Bucket.Ticks), 0, buckets - 1);
        double[] Count<T>(IEnumerable<T> rows, Func<T, DateTime> at)
        {
            var values = new double[buckets];
            foreach (var row in rows)
                values[IndexOf(at(row))]++;
            return values;
        }
        BarChart Deliveries(string id, string title, DeliveryChannel channel) => new(id, title, "messages", since, Bucket, Stacked: true, "0",
        [
            new ChartSeries("sent", "sent", SentColor, Count(ended.Where(d => d.Channel == channel && d.Status == DeliveryStatus.Sent), d => d.CompletedAtUtc)),
            new ChartSeries("failed", "failed", FailedColor, Count(ended.Where(d => d.Channel == channel && d.Status == DeliveryStatus.Failed), d => d.CompletedAtUtc)),
        ]);

        var latencies = ended
            .Where(d => d.Channel == DeliveryChannel.Sms && d.Status == DeliveryStatus.Sent)
            .GroupBy(d => IndexOf(d.CompletedAtUtc))
            .ToDictionary(g => g.Key, g => g.Select(d => Math.Max(0, (d.CompletedAtUtc - d.CreatedAtUtc).TotalMilliseconds)).Order().ToArray());
        double[] Percentile(double p) =>
            Enumerable.Range(0, buckets).Select(i => latencies.TryGetValue(i, out var sorted) ? Nearest(sorted, p) : 0).ToArray();

        return new HealthCharts(
            Deliveries("chart-sms", "SMS per hour", DeliveryChannel.Sms),
            Deliveries("chart-email", "E-mails per hour", DeliveryChannel.Email),
            new BarChart("chart-latency", "SMS request-to-provider latency", "milliseconds", since, Bucket, Stacked: false, "0",
            [
                new ChartSeries("p95", "p95", "#9ec5fe", Percentile(0.95)),
                new ChartSeries("p50", "p50", "#0d6efd", Percentile(0.50)),
            ]),
            new BarChart("chart-signins", "Failed sign-ins per hour", "sign-ins", since, Bucket, Stacked: true, "0",
            [
                new ChartSeries("failed", "failed", FailedColor, Count(failedSignIns, at => at)),
            ]));
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    internal static double Nearest(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

namespace Dashop.Web.Features.Admin;

/// <summary>
/// A bar chart over the health page's window, one bar a bucket: stacked (sent and failed), or overlapping (p95 behind
/// p50). <paramref name="Title"/> and <paramref name="YLabel"/> are resource keys.
/// </summary>
public sealed record BarChart(string Id, string Title, string YLabel, DateTime SinceUtc, TimeSpan Bucket, bool Stacked,
    string Format, IReadOnlyList<ChartSeries> Series)
{
    private static readonly int[] Steps = [1, 2, 5, 10];

    public int Buckets => Series.Count == 0 ? 0 : Series[0].Values.Count;

    /// <summary>
    /// The top of the y axis: the largest bar, rounded up to 1, 2 or 5 times a power of ten; for whole counts an even top,
    /// so that the middle tick (half of it) is a whole number too and its label is not rounded (a top of 1 read "0, 1, 1").
    /// </summary>
    public double Max
    {
        get
        {
            var largest = Enumerable.Range(0, Buckets)
                .Select(i => Stacked ? Series.Sum(s => s.Values[i]) : Series.Max(s => s.Values[i]))
                .DefaultIfEmpty(0).Max();
            if (largest <= 0)
                largest = 1;
            var power = Math.Pow(10, Math.Floor(Math.Log10(largest)));
            var top = Steps.Select(m => m * power).First(top => top >= largest);
            return Format == "0" && top % 2 == 1 ? top + 1 : top;
        }
    }
}

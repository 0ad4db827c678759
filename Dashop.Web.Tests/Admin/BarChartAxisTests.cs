using Dashop.Web.Features.Admin;

namespace Dashop.Web.Tests.Admin;

/// <summary>The y axis of the health page's charts: its top and the half-way tick are readable numbers.</summary>
public sealed class BarChartAxisTests
{
    private static BarChart Counts(params double[] values) =>
        new("c", "t", "y", DateTime.UtcNow, TimeSpan.FromMinutes(10), Stacked: true, "0", [new ChartSeries("sent", "sent", "#000", values)]);

    [TestCase(new double[] { 0, 0 }, 2)]
    [TestCase(new double[] { 1, 0 }, 2)]
    [TestCase(new double[] { 2, 1 }, 2)]
    [TestCase(new double[] { 3, 4 }, 6)]
    [TestCase(new double[] { 7, 0 }, 10)]
    [TestCase(new double[] { 31, 12 }, 50)]
    public void A_count_chart_has_an_even_top_so_its_middle_tick_is_a_whole_number(double[] values, double top)
    {
        var chart = Counts(values);
        Assert.That(chart.Max, Is.EqualTo(top));
        Assert.That(chart.Max / 2 % 1, Is.Zero);
    }

    [Test]
    public void A_latency_chart_keeps_the_one_two_five_steps()
    {
        var chart = new BarChart("l", "t", "ms", DateTime.UtcNow, TimeSpan.FromMinutes(10), Stacked: false, "0.#",
            [new ChartSeries("p50", "p50", "#000", [0.8, 0.3])]);
        Assert.That(chart.Max, Is.EqualTo(1));
    }
}

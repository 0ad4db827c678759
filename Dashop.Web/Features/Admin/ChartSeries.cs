namespace Dashop.Web.Features.Admin;

/// <summary>One series of a chart: <paramref name="Label"/> is a resource key; one value a bucket.</summary>
public sealed record ChartSeries(string Key, string Label, string Color, IReadOnlyList<double> Values);

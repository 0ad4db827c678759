namespace Dashop.Web.Features.Admin;

/// <summary>The health page's charts of the last 24 hours, drawn from the delivery and sign-in records.</summary>
public sealed record HealthCharts(BarChart Sms, BarChart Email, BarChart Latency, BarChart FailedSignIns)
{
    public IEnumerable<BarChart> All => [Sms, Email, Latency, FailedSignIns];
}

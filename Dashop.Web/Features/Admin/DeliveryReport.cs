using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Admin;

/// <summary>SMS and e-mails of one window: how many of each channel ended in each status, why they failed, and the latest.</summary>
public sealed record DeliveryReport(
    DateTime SinceUtc,
    IReadOnlyList<DeliveryCount> Counts,
    IReadOnlyList<DeliveryErrorCount> Errors,
    IReadOnlyList<DeliveryRow> Latest)
{
    public int Count(DeliveryChannel channel, DeliveryStatus status) =>
        Counts.Where(c => c.Channel == channel && c.Status == status).Sum(c => c.Count);

    /// <summary>Deliveries refused because of our own account, template or signing: someone must fix the configuration.</summary>
    public int ConfigurationErrors => Errors.Where(e => e.Failure == DeliveryFailure.Configuration).Sum(e => e.Count);
}

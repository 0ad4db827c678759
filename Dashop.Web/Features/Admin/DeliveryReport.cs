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

public sealed record DeliveryCount(DeliveryChannel Channel, DeliveryStatus Status, int Count);

/// <summary>Deliveries that failed, or are still retrying, grouped by the provider's status code.</summary>
public sealed record DeliveryErrorCount(DeliveryChannel Channel, DeliveryStatus Status, DeliveryFailure Failure, string ErrorCode, int Count);

/// <summary>One delivery as the page shows it: the recipient is masked, and so are addresses inside error texts.</summary>
public sealed record DeliveryRow(
    DateTime CreatedAtUtc,
    DeliveryChannel Channel,
    string Provider,
    string MaskedRecipient,
    DeliveryStatus Status,
    DeliveryFailure Failure,
    string? ErrorCode,
    string? Error,
    int Attempts,
    DateTime? CompletedAtUtc);

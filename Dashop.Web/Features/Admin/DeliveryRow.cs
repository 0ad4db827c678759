using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Admin;

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

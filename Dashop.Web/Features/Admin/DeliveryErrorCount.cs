using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Admin;

/// <summary>Deliveries that failed, or are still retrying, grouped by the provider's status code.</summary>
public sealed record DeliveryErrorCount(DeliveryChannel Channel, DeliveryStatus Status, DeliveryFailure Failure, string ErrorCode, int Count);

using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Admin;

public sealed record DeliveryCount(DeliveryChannel Channel, DeliveryStatus Status, int Count);

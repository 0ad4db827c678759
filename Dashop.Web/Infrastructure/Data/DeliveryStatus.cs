namespace Dashop.Web.Infrastructure.Data;

public enum DeliveryStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

namespace Dashop.Web.Infrastructure.Data;

public enum DeliveryChannel
{
    Sms = 1,
    Email = 2,
}

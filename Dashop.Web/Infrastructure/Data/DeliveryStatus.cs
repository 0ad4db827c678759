namespace Dashop.Web.Infrastructure.Data;

public enum DeliveryStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,

    /// <summary>Deliberately not sent (a login or reset code for a phone with no account); the requester sees "sent".</summary>
    Suppressed = 3,
}

namespace Dashop.Web.Features.Deliveries;

/// <summary>What <see cref="DeliveryWriter"/> does with a row; the caller knows whether the row is stored.</summary>
public enum DeliveryWrite
{
    Insert,
    Update,
}

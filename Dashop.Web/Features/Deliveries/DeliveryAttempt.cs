using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Deliveries;

/// <summary>
/// One attempt at a delivery, as <see cref="DeliveryLog"/> hands it to a consumer: the row as it is now, and whether
/// the row is stored yet. The first attempt of a new message stores nothing until its outcome is known, so the row is
/// inserted once with that outcome; every later save updates it.
/// </summary>
public sealed class DeliveryAttempt(Delivery row, bool stored)
{
    internal Delivery Row { get; } = row;

    internal bool Stored { get; set; } = stored;

    public DeliveryStatus Status => Row.Status;

    /// <summary>Attempts so far, this one included.</summary>
    public int Attempts => Row.Attempts;
}

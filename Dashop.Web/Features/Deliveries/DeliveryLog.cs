using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Deliveries;

/// <summary>Keeps the record of every SMS and e-mail: one row a delivery, updated on each attempt.</summary>
public sealed class DeliveryLog(DashopDbContext db, DatabaseWriteGate writes, TimeProvider time)
{
    /// <summary>Counts an attempt, creating the row on the first one. A row that has already ended is returned as it is.</summary>
    public async Task<Delivery> BeginAttemptAsync(Guid id, DeliveryChannel channel, string provider, string maskedRecipient, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var delivery = await db.Deliveries.FindAsync([id], cancellationToken);
        if (delivery is null)
        {
            delivery = new Delivery
            {
                Id = id,
                Channel = channel,
                Provider = provider,
                MaskedRecipient = maskedRecipient,
                CreatedAtUtc = now,
            };
            db.Deliveries.Add(delivery);
        }
        else if (delivery.Status != DeliveryStatus.Pending)
        {
            return delivery;
        }

        delivery.Attempts++;
        delivery.UpdatedAtUtc = now;
        await writes.SaveChangesAsync(db, cancellationToken);
        return delivery;
    }

    public Task SentAsync(Delivery delivery, string? providerMessageId, CancellationToken cancellationToken)
    {
        delivery.Status = DeliveryStatus.Sent;
        delivery.ProviderMessageId = providerMessageId;
        delivery.ErrorCode = null;
        delivery.Error = null;
        return CompleteAsync(delivery, cancellationToken);
    }

    public Task FailedAsync(Delivery delivery, DeliveryFailure failure, string? errorCode, string? error, CancellationToken cancellationToken)
    {
        delivery.Status = DeliveryStatus.Failed;
        delivery.Failure = failure;
        delivery.ErrorCode = Truncate(errorCode, 32);
        delivery.Error = Truncate(error, 512);
        return CompleteAsync(delivery, cancellationToken);
    }

    /// <summary>A transient failure: the row stays pending and shows the last error.</summary>
    public async Task RetryingAsync(Delivery delivery, string? errorCode, string? error, CancellationToken cancellationToken)
    {
        delivery.ErrorCode = Truncate(errorCode, 32);
        delivery.Error = Truncate(error, 512);
        delivery.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await writes.SaveChangesAsync(db, cancellationToken);
    }

    public Task<Delivery?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    private async Task CompleteAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        delivery.UpdatedAtUtc = now;
        delivery.CompletedAtUtc = now;
        await writes.SaveChangesAsync(db, cancellationToken);
    }

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}

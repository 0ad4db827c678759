using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Deliveries;

/// <summary>
/// Keeps the record of every SMS and e-mail: one row a delivery, updated on each attempt. Rows are read here
/// and saved through <see cref="DeliveryWriter"/>, which commits the rows of all consumers together.
/// </summary>
public sealed class DeliveryLog(DashopDbContext db, DeliveryWriter writer, TimeProvider time)
{
    private readonly HashSet<Guid> _unsaved = [];

    /// <summary>
    /// Counts an attempt, creating the row on the first one. A row that has already ended is returned as it is.
    /// <c>mayExist</c> is false on a message's first delivery (no retry, no redelivery): its row cannot exist yet, so
    /// it is neither looked up (that was a fifth of the consumers' CPU) nor saved before the attempt: it is
    /// inserted once, with the attempt's outcome, which halves the rows written for an SMS. A crash during that first
    /// attempt leaves no row; over RabbitMQ the message comes back as a redelivery, which looks the row up, finds none
    /// and sends again as a retry with the same request id. Were the row there after all, the insert fails and
    /// the retry, which looks it up, carries on from the row.
    /// </summary>
    public async Task<Delivery> BeginAttemptAsync(Guid id, DeliveryChannel channel, string provider, string maskedRecipient, bool mayExist,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var delivery = mayExist ? await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) : null;
        var isNew = delivery is null;
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
        }
        else if (delivery.Status != DeliveryStatus.Pending)
        {
            return delivery;
        }

        delivery.Attempts++;
        delivery.UpdatedAtUtc = now;
        if (!mayExist)
            _unsaved.Add(delivery.Id);
        else
            await writer.SaveAsync(delivery, isNew, cancellationToken);
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
        await writer.SaveAsync(delivery, _unsaved.Remove(delivery.Id), cancellationToken);
    }

    public Task<Delivery?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    private async Task CompleteAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        delivery.UpdatedAtUtc = now;
        delivery.CompletedAtUtc = now;
        await writer.SaveAsync(delivery, _unsaved.Remove(delivery.Id), cancellationToken);
    }

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}

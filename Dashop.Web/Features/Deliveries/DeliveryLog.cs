using System.Globalization;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Deliveries;

/// <summary>
/// Keeps the record of every SMS and e-mail: one row a delivery, updated on each attempt. Rows are read here
/// and saved through <see cref="DeliveryWriter"/>, which commits the rows of all consumers together; whether a save
/// inserts or updates is decided here alone, by the <see cref="DeliveryAttempt"/>. The end of every delivery, SMS or
/// e-mail, is counted here too (<see cref="DashopMetrics"/>).
/// </summary>
public sealed class DeliveryLog(DashopDbContext db, DeliveryWriter writer, DeliveryRecipients recipients, DashopMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// Counts an attempt, creating the row on the first one. A row that has already ended is returned as it is.
    /// <c>mayExist</c> is false on a message's first delivery (no retry, no redelivery): its row cannot exist yet, so
    /// it is neither looked up (that was a fifth of the consumers' CPU) nor saved before the attempt: it is
    /// inserted once, with the attempt's outcome, which halves the rows written for an SMS. A crash during that first
    /// attempt leaves no row; over RabbitMQ the message comes back as a redelivery, which looks the row up, finds none
    /// and sends again as a retry with the same request id. Were the row there after all, the insert fails and
    /// the retry, which looks it up, carries on from the row. <c>rememberRecipient</c> false leaves the recipient key
    /// out, as a deletion does to the rows before it.
    /// </summary>
    public async Task<DeliveryAttempt> BeginAttemptAsync(Guid id, DeliveryChannel channel, string provider, string recipient, string maskedRecipient,
        string purpose, bool mayExist, CancellationToken cancellationToken, bool rememberRecipient = true)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stored = mayExist ? await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) : null;
        if (stored is { Status: not DeliveryStatus.Pending })
            return new DeliveryAttempt(stored, stored: true);

        var attempt = new DeliveryAttempt(stored ?? new Delivery
        {
            Id = id,
            Channel = channel,
            Provider = provider,
            MaskedRecipient = maskedRecipient,
            RecipientKey = rememberRecipient ? recipients.Key(recipient) : null,
            Purpose = purpose,
            CreatedAtUtc = now,
        }, stored is not null);
        attempt.Row.Attempts++;
        attempt.Row.UpdatedAtUtc = now;
        if (mayExist)
            await SaveAsync(attempt, cancellationToken);
        return attempt;
    }

    public Task SentAsync(DeliveryAttempt attempt, string? providerMessageId, CancellationToken cancellationToken)
    {
        var row = attempt.Row;
        row.Status = DeliveryStatus.Sent;
        row.ProviderMessageId = providerMessageId;
        row.ErrorCode = null;
        row.Error = null;
        return CompleteAsync(attempt, cancellationToken);
    }

    public Task FailedAsync(DeliveryAttempt attempt, DeliveryFailure failure, string? errorCode, string? error, CancellationToken cancellationToken)
    {
        var row = attempt.Row;
        row.Status = DeliveryStatus.Failed;
        row.Failure = failure;
        row.ErrorCode = Truncate(errorCode, 32);
        row.Error = Truncate(error, 512);
        return CompleteAsync(attempt, cancellationToken);
    }

    /// <summary>Deliberately not sent; the row says why for the admin page.</summary>
    public Task SuppressedAsync(DeliveryAttempt attempt, string reason, CancellationToken cancellationToken)
    {
        attempt.Row.Status = DeliveryStatus.Suppressed;
        attempt.Row.ErrorCode = "suppressed";
        attempt.Row.Error = Truncate($"suppressed: {reason}", 512);
        return CompleteAsync(attempt, cancellationToken);
    }

    /// <summary>Saves the attempt's row as it is (pending) before the send, when it was not saved yet.</summary>
    public Task PendingAsync(DeliveryAttempt attempt, CancellationToken cancellationToken) =>
        attempt.Stored ? Task.CompletedTask : SaveAsync(attempt, cancellationToken);

    /// <summary>A transient failure: the row stays pending and shows the last error.</summary>
    public Task RetryingAsync(DeliveryAttempt attempt, string? errorCode, string? error, CancellationToken cancellationToken)
    {
        var row = attempt.Row;
        row.ErrorCode = Truncate(errorCode, 32);
        row.Error = Truncate(error, 512);
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        return SaveAsync(attempt, cancellationToken);
    }

    public Task<Delivery?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    private Task CompleteAsync(DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        attempt.Row.UpdatedAtUtc = now;
        attempt.Row.CompletedAtUtc = now;
        return SaveAndCountAsync(attempt, cancellationToken);
    }

    private async Task SaveAndCountAsync(DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        await SaveAsync(attempt, cancellationToken);
        var row = attempt.Row;
        metrics.DeliveryEnded(row.Channel == DeliveryChannel.Sms ? "sms" : "email", row.Status == DeliveryStatus.Sent,
            row.ErrorCode ?? row.Failure.ToString().ToLower(CultureInfo.InvariantCulture), row.CompletedAtUtc!.Value - row.CreatedAtUtc);
    }

    private async Task SaveAsync(DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        await writer.SaveAsync(attempt.Row, attempt.Stored ? DeliveryWrite.Update : DeliveryWrite.Insert, cancellationToken);
        attempt.Stored = true;
    }

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}

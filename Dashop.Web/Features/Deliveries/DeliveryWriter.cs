using System.Threading.Channels;
using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Deliveries;

/// <summary>
/// Saves the delivery rows of every consumer in this process through one loop: the rows waiting when the loop
/// comes round are saved in one transaction (group commit). A caller's task ends when its own row is committed,
/// or fails with its own row's error.
/// </summary>
/// <remarks>
/// SQLite takes one writer at a time and Microsoft.Data.Sqlite waits for a busy database by sleeping on the
/// calling thread, so hundreds of consumers saving their own rows starve the thread pool (and the web requests
/// with it); and one transaction per row held the consumers to a few hundred SMS a second. PostgreSQL gets the
/// same loop: fewer round trips, no locks held across rows.
/// </remarks>
public sealed partial class DeliveryWriter : IAsyncDisposable
{
    private const int MaxRowsPerTransaction = 512;

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<DeliveryWriter> _logger;
    private readonly Channel<PendingRow> _queue = Channel.CreateUnbounded<PendingRow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public DeliveryWriter(IServiceScopeFactory scopes, ILogger<DeliveryWriter> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Inserts or updates the row as it is now; later changes to it are not seen.</summary>
    public Task SaveAsync(Delivery row, DeliveryWrite write, CancellationToken cancellationToken)
    {
        var pending = new PendingRow(Snapshot(row), write);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingRow>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxRowsPerTransaction && _queue.Reader.TryRead(out var row))
                batch.Add(row);
            try
            {
                await SaveBatchAsync(batch);
                foreach (var row in batch)
                    row.Done.TrySetResult();
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                // One bad row (a key saved twice by a redelivered message, say) must not fail the others.
                LogBatchFailed(_logger, batch.Count, ex.GetType().Name);
                foreach (var row in batch)
                    await SaveAloneAsync(row);
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private async Task SaveAloneAsync(PendingRow row)
    {
        try
        {
            await SaveBatchAsync([row]);
            row.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            row.Done.TrySetException(ex);
        }
    }

    private async Task SaveBatchAsync(IReadOnlyList<PendingRow> rows)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        foreach (var row in rows)
        {
            if (row.Write == DeliveryWrite.Insert)
                db.Deliveries.Add(row.Row);
            else
                db.Deliveries.Update(row.Row);
        }
        await db.SaveChangesAsync();
    }

    private static Delivery Snapshot(Delivery d) => new()
    {
        Id = d.Id,
        Channel = d.Channel,
        Provider = d.Provider,
        MaskedRecipient = d.MaskedRecipient,
        RecipientKey = d.RecipientKey,
        Purpose = d.Purpose,
        Status = d.Status,
        Failure = d.Failure,
        ProviderMessageId = d.ProviderMessageId,
        ErrorCode = d.ErrorCode,
        Error = d.Error,
        Attempts = d.Attempts,
        CreatedAtUtc = d.CreatedAtUtc,
        UpdatedAtUtc = d.UpdatedAtUtc,
        CompletedAtUtc = d.CompletedAtUtc,
    };

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private sealed record PendingRow(Delivery Row, DeliveryWrite Write)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving {Count} delivery rows together failed ({Error}); saving them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, string error);
}

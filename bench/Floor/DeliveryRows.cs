using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Dashop.Bench.Floor;

public sealed record DeliveryRow(Guid Id, string Phone, string Status, string? ProviderId, DateTimeOffset At);

/// <summary>One loop writes the rows of all consumers together: up to 512 a transaction; each writer awaits its commit.</summary>
public sealed class DeliveryRows(FloorOptions options) : BackgroundService
{
    private readonly Channel<(DeliveryRow Row, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(DeliveryRow, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public Task WriteAsync(DeliveryRow row)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((row, done)))
            done.SetException(new InvalidOperationException("the writer has stopped"));
        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection($"Data Source={options.Db}");
        await connection.OpenAsync(stoppingToken);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS deliveries (id BLOB PRIMARY KEY, phone TEXT NOT NULL, status TEXT NOT NULL, provider_id TEXT, at INTEGER NOT NULL);
                """;
            await setup.ExecuteNonQueryAsync(stoppingToken);
        }
        var batch = new List<(DeliveryRow Row, TaskCompletionSource Done)>(512);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < 512 && _queue.Reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(stoppingToken);
                await using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO deliveries (id, phone, status, provider_id, at) VALUES ($id, $phone, $status, $provider, $at)";
                var id = insert.Parameters.Add("$id", SqliteType.Blob);
                var phone = insert.Parameters.Add("$phone", SqliteType.Text);
                var status = insert.Parameters.Add("$status", SqliteType.Text);
                var provider = insert.Parameters.Add("$provider", SqliteType.Text);
                var at = insert.Parameters.Add("$at", SqliteType.Integer);
                foreach (var (row, _) in batch)
                {
                    id.Value = row.Id.ToByteArray();
                    phone.Value = row.Phone;
                    status.Value = row.Status;
                    provider.Value = (object?)row.ProviderId ?? DBNull.Value;
                    at.Value = row.At.ToUnixTimeMilliseconds();
                    await insert.ExecuteNonQueryAsync(stoppingToken);
                }
                await tx.CommitAsync(stoppingToken);
                foreach (var (_, done) in batch)
                    done.SetResult();
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                foreach (var (_, done) in batch)
                    done.TrySetException(ex);
            }
        }
    }
}

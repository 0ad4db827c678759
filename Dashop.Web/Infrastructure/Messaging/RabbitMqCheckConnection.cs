using RabbitMQ.Client;
using Dashop.Web.Infrastructure.Health;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>
/// The broker connection the RabbitMQ check opens channels on: made on first use and then kept (it recovers by
/// itself), so probes do not open a TCP connection each time. A failed attempt is retried on the next probe.
/// </summary>
public sealed class RabbitMqCheckConnection(Uri uri) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <summary>Host, port and virtual host; the URI's user and password stay out.</summary>
    public string Where { get; } = $"RabbitMQ ({uri.Host}:{(uri.IsDefaultPort ? 5672 : uri.Port)}{(uri.AbsolutePath is "/" or "" ? "" : uri.AbsolutePath)})";

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } ready)
            return ready;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _connection ??= await new ConnectionFactory
            {
                Uri = uri,
                ClientProvidedName = "dashop-health",
                AutomaticRecoveryEnabled = true,
                RequestedConnectionTimeout = CheckResults.Timeout,
            }.CreateConnectionAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            try
            {
                await connection.CloseAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception ex) when (ex is IOException or RabbitMQ.Client.Exceptions.AlreadyClosedException or OperationCanceledException)
            {
            }
            await connection.DisposeAsync();
        }
        _gate.Dispose();
    }
}

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>
/// Back-pressure for the in-memory transport, which has none of its own: there, messages published faster than
/// the consumers deliver them pile up in the process (memory grows, each SMS waits longer, and a crash loses them
/// all). A publisher takes a place before it publishes and the consumer gives it back when it picks the message
/// up, so at most <see cref="MessagingOptions.InMemoryBacklog"/> messages wait. Over RabbitMQ the broker keeps
/// the backlog and this lets everything through.
/// </summary>
public sealed class InMemoryBacklog : IDisposable
{
    /// <summary>How long a publisher waits for a place before it gives up.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim? _places;

    private InMemoryBacklog(int? limit)
    {
        Limit = limit ?? 0;
        _places = limit is { } n ? new SemaphoreSlim(n, n) : null;
    }

    /// <summary>The most messages that may wait (0 when unbounded).</summary>
    public int Limit { get; }

    /// <summary>Messages published and not yet picked up by a consumer (0 when unbounded: the broker counts them).</summary>
    public int Waiting => _places is null ? 0 : Limit - _places.CurrentCount;

    public static InMemoryBacklog Bounded(int limit) => new(limit);

    public static InMemoryBacklog Unbounded() => new(null);

    /// <summary>Waits for a place; false when none came free within <see cref="MaxWait"/>.</summary>
    public Task<bool> EnterAsync(CancellationToken cancellationToken) =>
        _places?.WaitAsync(MaxWait, cancellationToken) ?? Task.FromResult(true);

    /// <summary>Gives a place back: the message was picked up, or it was never published.</summary>
    public void Leave()
    {
        try
        {
            _places?.Release();
        }
        catch (SemaphoreFullException)
        {
            // A message published without a place (none are, but a stray one must not break its consumer).
        }
    }

    public void Dispose() => _places?.Dispose();
}

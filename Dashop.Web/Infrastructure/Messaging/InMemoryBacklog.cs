namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>
/// Back-pressure for the in-memory transport, which has none of its own: there, messages published faster than
/// the consumers deliver them pile up in the process (memory grows, each SMS waits longer, and a crash loses them
/// all). <see cref="InMemoryBacklogPublishFilter{T}"/> takes a place before a message is published and
/// <see cref="InMemoryBacklogConsumeFilter{T}"/> gives it back when a consumer picks the message up, so at most
/// <see cref="MessagingOptions.InMemoryBacklog"/> messages wait. Over RabbitMQ the broker keeps the backlog and no filter runs.
/// </summary>
public sealed class InMemoryBacklog : IDisposable
{
    /// <summary>How long a publisher waits for a place before it gives up.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _places;
    private int _publishersWaiting;

    private InMemoryBacklog(int limit)
    {
        Limit = limit;
        _places = new SemaphoreSlim(limit, limit);
    }

    /// <summary>The most messages that may wait.</summary>
    public int Limit { get; }

    /// <summary>Messages published and not yet picked up by a consumer.</summary>
    public int Waiting => Limit - _places.CurrentCount;

    /// <summary>Publishers waiting for a place right now.</summary>
    public int PublishersWaiting => Volatile.Read(ref _publishersWaiting);

    public static InMemoryBacklog Bounded(int limit) => new(limit);

    /// <summary>Waits for a place; false when none came free within <see cref="MaxWait"/>.</summary>
    public async Task<bool> EnterAsync(CancellationToken cancellationToken)
    {
        if (_places.Wait(0, CancellationToken.None))
            return true;
        Interlocked.Increment(ref _publishersWaiting);
        try
        {
            return await _places.WaitAsync(MaxWait, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _publishersWaiting);
        }
    }

    /// <summary>Gives a place back: the message was picked up, or it was never published.</summary>
    public void Leave()
    {
        try
        {
            _places.Release();
        }
        catch (SemaphoreFullException)
        {
            // A message published without a place (none are, but a stray one must not break its consumer).
        }
    }

    public void Dispose() => _places.Dispose();
}

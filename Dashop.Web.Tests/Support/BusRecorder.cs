using System.Collections.Concurrent;
using MassTransit;

namespace Dashop.Web.Tests.Support;

/// <summary>
/// What one host's bus published and consumed, seen through MassTransit's observers. It is the signal a test waits for
/// before it asserts that something did not happen: once a message's consume has ended, no attempt of it is left.
/// </summary>
public sealed class BusRecorder : IPublishObserver, IConsumeObserver
{
    private readonly ConcurrentQueue<object> _published = new();
    private readonly ConcurrentQueue<object> _consumed = new();
    private readonly ConcurrentQueue<object> _faulted = new();

    /// <summary>Messages handed to the bus (recorded before the transport takes them).</summary>
    public IReadOnlyList<T> Published<T>() where T : class => [.. _published.OfType<T>()];

    /// <summary>Messages whose consumer returned: the retry policy tries them no more.</summary>
    public IReadOnlyList<T> Consumed<T>() where T : class => [.. _consumed.OfType<T>()];

    /// <summary>Messages whose consumer threw.</summary>
    public IReadOnlyList<T> Faulted<T>() where T : class => [.. _faulted.OfType<T>()];

    /// <summary>Waits until <paramref name="count"/> consumes of matching messages have ended, and returns them.</summary>
    public async Task<IReadOnlyList<T>> WaitForConsumedAsync<T>(Func<T, bool> match, int count = 1, TimeSpan? timeout = null) where T : class
    {
        await Eventually.That(() => Task.FromResult(Consumed<T>().Count(match) >= count), timeout);
        return [.. Consumed<T>().Where(match)];
    }

    Task IPublishObserver.PrePublish<T>(PublishContext<T> context)
    {
        _published.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    Task IPublishObserver.PostPublish<T>(PublishContext<T> context) => Task.CompletedTask;

    Task IPublishObserver.PublishFault<T>(PublishContext<T> context, Exception exception) => Task.CompletedTask;

    Task IConsumeObserver.PreConsume<T>(ConsumeContext<T> context) => Task.CompletedTask;

    Task IConsumeObserver.PostConsume<T>(ConsumeContext<T> context)
    {
        _consumed.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    Task IConsumeObserver.ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
    {
        _faulted.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}

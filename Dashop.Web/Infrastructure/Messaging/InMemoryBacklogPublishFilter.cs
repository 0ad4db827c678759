using MassTransit;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>
/// In-memory transport only: a message takes a place in the <see cref="InMemoryBacklog"/> before it is published, and
/// gives it back when publishing fails. Publishers see a full backlog as <see cref="InMemoryBacklogFullException"/>.
/// </summary>
public sealed partial class InMemoryBacklogPublishFilter<T>(InMemoryBacklog backlog, ILogger<InMemoryBacklog> logger) : IFilter<PublishContext<T>>
    where T : class
{
    public async Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        if (!await backlog.EnterAsync(context.CancellationToken))
        {
            LogFull(logger, typeof(T).Name, backlog.Limit);
            throw new InMemoryBacklogFullException(typeof(T).Name);
        }
        try
        {
            await next.Send(context);
        }
        catch
        {
            backlog.Leave();
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("in-memory-backlog");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MessageType} not published: the in-memory backlog stayed full ({Limit} waiting)")]
    private static partial void LogFull(ILogger logger, string messageType, int limit);
}

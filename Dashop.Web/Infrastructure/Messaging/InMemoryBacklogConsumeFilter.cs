using MassTransit;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>
/// In-memory transport only: a message's place in the <see cref="InMemoryBacklog"/> comes free when a consumer picks it up,
/// once (a retry of the same message frees nothing).
/// </summary>
public sealed class InMemoryBacklogConsumeFilter<T>(InMemoryBacklog backlog) : IFilter<ConsumeContext<T>>
    where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (!context.MayHaveBeenSeen())
            backlog.Leave();
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("in-memory-backlog");
}

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>The kind of RabbitMQ queue the consumers' endpoints are declared as (<c>Messaging:QueueType</c>).</summary>
public enum QueueType
{
    /// <summary>RabbitMQ's classic durable queue: one copy of each message, on the node that holds the queue.</summary>
    Classic,

    /// <summary>A quorum queue (<c>x-queue-type=quorum</c>): replicated by Raft across the cluster's nodes.</summary>
    Quorum,
}

using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Messaging;

public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Prefix of queue and exchange names, so that several deployments (or test runs) share one broker.</summary>
    [RegularExpression("^[a-zA-Z0-9._-]*$", ErrorMessage = "Messaging:Prefix may hold only letters, digits, '.', '_' and '-'.")]
    public string Prefix { get; set; } = "";

    /// <summary>
    /// In-memory transport only: how many SMS may wait in the process for a consumer. A request that finds the
    /// backlog full waits for room (<see cref="InMemoryBacklog.MaxWait"/>), then answers "cannot send now".
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Messaging:InMemoryBacklog must be between 1 and 1000000.")]
    public int InMemoryBacklog { get; set; } = 1000;

    /// <summary>
    /// RabbitMQ only: the type of the durable queues declared for the consumers (the bus's temporary queue is not one of
    /// them). A broker cannot change the type of an existing queue: switch together with a new <see cref="Prefix"/>.
    /// </summary>
    [EnumDataType(typeof(QueueType), ErrorMessage = "Messaging:QueueType must be classic or quorum.")]
    public QueueType QueueType { get; set; } = QueueType.Classic;
}

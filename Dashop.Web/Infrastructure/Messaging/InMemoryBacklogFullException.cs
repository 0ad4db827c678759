namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>A publish that found the in-memory backlog full for <see cref="InMemoryBacklog.MaxWait"/>: nothing was published.</summary>
public sealed class InMemoryBacklogFullException(string messageType)
    : Exception($"The in-memory backlog stayed full; {messageType} was not published.");

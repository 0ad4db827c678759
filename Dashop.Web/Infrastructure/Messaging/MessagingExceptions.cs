using MassTransit;

namespace Dashop.Web.Infrastructure.Messaging;

/// <summary>The one definition of "the message could not be published": the caller answers "try again", nothing was sent.</summary>
public static class MessagingExceptions
{
    public static bool Is(Exception exception) =>
        exception is MassTransitException or InMemoryBacklogFullException or TimeoutException or OperationCanceledException;
}

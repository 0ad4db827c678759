using MassTransit;

namespace Dashop.Web.Infrastructure.Messaging;

public static class ConsumeContextExtensions
{
    /// <summary>False on a message's first delivery; true on a retry, a scheduled redelivery or a broker redelivery.</summary>
    public static bool MayHaveBeenSeen(this ConsumeContext context) =>
        context.GetRetryAttempt() > 0 || context.GetRedeliveryCount() > 0 || context.ReceiveContext.Redelivered;
}

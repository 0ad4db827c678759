using MassTransit;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Activation;

/// <summary>The retry of every e-mail consumer: a transient failure is tried again with back-off, up to Email:MaxSendAttempts.</summary>
public abstract class EmailConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    private readonly EmailOptions _options;

    protected EmailConsumerDefinition(IOptions<EmailOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(
            _options.MaxSendAttempts, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
    }
}

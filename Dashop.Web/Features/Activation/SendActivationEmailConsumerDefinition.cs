using MassTransit;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Activation;

public sealed class SendActivationEmailConsumerDefinition : ConsumerDefinition<SendActivationEmailConsumer>
{
    private readonly EmailOptions _options;

    public SendActivationEmailConsumerDefinition(IOptions<EmailOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SendActivationEmailConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(
            _options.MaxSendAttempts, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
    }
}

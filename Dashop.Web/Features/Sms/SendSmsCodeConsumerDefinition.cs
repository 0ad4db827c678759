using MassTransit;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Sms;

public sealed class SendSmsCodeConsumerDefinition : ConsumerDefinition<SendSmsCodeConsumer>
{
    private readonly SmsOptions _options;

    /// <summary>SMS handed to the provider at once by one process: the consumers wait on the provider, not on threads.</summary>
    public const int ConcurrentSends = 256;

    public SendSmsCodeConsumerDefinition(IOptions<SmsOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = ConcurrentSends;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SendSmsCodeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = ConcurrentSends;
        // Retries live here and only here. The consumer itself decides when a failure is final,
        // so the last attempt records the failure instead of throwing.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(
            _options.MaxSendAttempts, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400)));
    }
}

using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Activation;

public sealed class SendActivationEmailConsumerDefinition(IOptions<EmailOptions> options)
    : EmailConsumerDefinition<SendActivationEmailConsumer>(options);

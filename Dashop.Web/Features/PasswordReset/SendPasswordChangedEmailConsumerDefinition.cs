using Dashop.Web.Features.Activation;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.PasswordReset;

public sealed class SendPasswordChangedEmailConsumerDefinition(IOptions<EmailOptions> options)
    : EmailConsumerDefinition<SendPasswordChangedEmailConsumer>(options);

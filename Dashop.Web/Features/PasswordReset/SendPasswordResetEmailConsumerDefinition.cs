using Dashop.Web.Features.Activation;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.PasswordReset;

public sealed class SendPasswordResetEmailConsumerDefinition(IOptions<EmailOptions> options)
    : EmailConsumerDefinition<SendPasswordResetEmailConsumer>(options);

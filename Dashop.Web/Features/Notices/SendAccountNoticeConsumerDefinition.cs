using Dashop.Web.Features.Activation;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Notices;

public sealed class SendAccountNoticeConsumerDefinition(IOptions<EmailOptions> options)
    : EmailConsumerDefinition<SendAccountNoticeConsumer>(options);

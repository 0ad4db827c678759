using MimeKit;
using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Features.Activation;

/// <summary>One way of getting an e-mail out. Never retries by itself: the consumer owns retries.</summary>
public interface IEmailSender
{
    string Name { get; }

    Task<SendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

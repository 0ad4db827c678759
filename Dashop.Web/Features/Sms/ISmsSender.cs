using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Features.Sms;

/// <summary>One way of getting a code to a phone. Never retries by itself: the consumer owns retries.</summary>
public interface ISmsSender
{
    string Name { get; }

    Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

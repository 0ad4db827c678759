using Dashop.Contracts;
using Dashop.Web.Features.Activation;
using MassTransit;

namespace Dashop.Web.Features.Notices;

/// <summary>Renders one account notice; <see cref="EmailDelivery"/> sends and records it.</summary>
public sealed class SendAccountNoticeConsumer(EmailDelivery delivery) : IConsumer<SendAccountNotice>
{
    public Task Consume(ConsumeContext<SendAccountNotice> context)
    {
        var m = context.Message;
        var from = delivery.Options;
        return delivery.SendAsync(context, m.DeliveryId, m.To, m.Kind,
            () => AccountNoticeEmail.Create(from.FromName, from.From, m.To, m.UserName, m.Kind, m.Detail, m.At, delivery.TextFor(m.Culture)), m.RememberRecipient);
    }
}

using Dashop.Contracts;
using MassTransit;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>Tells a confirmed address that its account's password changed, recording the delivery.</summary>
public sealed class SendPasswordChangedEmailConsumer(EmailDelivery delivery) : IConsumer<SendPasswordChangedEmail>
{
    public Task Consume(ConsumeContext<SendPasswordChangedEmail> context)
    {
        var m = context.Message;
        var from = delivery.Options;
        return delivery.SendAsync(context, m.DeliveryId, m.To, "password-changed",
            () => PasswordChangedEmail.Create(from.FromName, from.From, m.To, m.UserName, m.ChangedAt, m.Culture));
    }
}

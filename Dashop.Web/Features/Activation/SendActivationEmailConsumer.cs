using Dashop.Contracts;
using Dashop.Web.Infrastructure.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Activation;

/// <summary>Renders one activation e-mail; <see cref="EmailDelivery"/> sends and records it.</summary>
public sealed class SendActivationEmailConsumer(EmailDelivery delivery, MessageProtection protection, IOptions<EmailOptions> options)
    : IConsumer<SendActivationEmail>
{
    public Task Consume(ConsumeContext<SendActivationEmail> context)
    {
        var m = context.Message;
        var o = options.Value;
        var days = (int)Math.Ceiling(o.ActivationLinkLifetime.TotalDays);
        return delivery.SendAsync(context, m.DeliveryId, m.To, "activation", () =>
            protection.Unprotect(ActivationService.MessageProtectionPurpose, m.ProtectedLink) is { } link
                ? ActivationEmail.Create(o.FromName, o.From, m.To, m.UserName, link, days, delivery.TextFor(m.Culture))
                : null);
    }
}

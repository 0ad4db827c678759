using Dashop.Contracts;
using Dashop.Web.Features.Activation;
using Dashop.Web.Infrastructure.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>
/// Renders and sends one reset link e-mail, recording the delivery; a message for an address no account has (published
/// so that the request does the same work either way) is dropped here, recorded as suppressed.
/// </summary>
public sealed class SendPasswordResetEmailConsumer(
    EmailDelivery delivery,
    MessageProtection protection,
    PasswordResetService resets,
    IOptions<PasswordResetOptions> options)
    : IConsumer<SendPasswordResetEmail>
{
    public Task Consume(ConsumeContext<SendPasswordResetEmail> context)
    {
        var m = context.Message;
        var minutes = (int)Math.Ceiling(options.Value.LinkLifetime.TotalMinutes);
        var from = delivery.Options;
        return delivery.SendAsync(context, m.DeliveryId, m.To, "password-reset", () =>
            protection.Unprotect(PasswordResetService.MessageProtectionPurpose, m.ProtectedLink) is { } link
                ? PasswordResetEmail.Create(from.FromName, from.From, m.To, m.UserName, link, minutes, delivery.TextFor(m.Culture))
                : null,
            hasAddressee: ct => resets.IsAddresseeAsync(m.UserName, m.To, ct));
    }
}

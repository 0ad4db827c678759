using Dashop.Web.Features.DevInbox;
using MimeKit;
using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Features.Activation;

/// <summary>Development's mail server: each message becomes an .eml file in the dev inbox.</summary>
public sealed class DevInboxEmailSender(DevInboxStore inbox) : IEmailSender
{
    public string Name => "DevInbox";

    public async Task<SendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await message.WriteToAsync(inbox.NewEmailPath(), cancellationToken);
        return SendResult.Sent();
    }
}

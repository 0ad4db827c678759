using Dashop.Web.Features.DevInbox;
using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Features.Sms;

/// <summary>Development's SMS provider: the text lands in the dev inbox instead of a phone.</summary>
public sealed class DevInboxSmsSender(DevInboxStore inbox) : ISmsSender
{
    public string Name => "DevInbox";

    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var text = $"【Dashop】您的验证码是 {message.Code}，{message.ValidMinutes} 分钟内有效。Your Dashop code is {message.Code}, valid for {message.ValidMinutes} minutes.";
        await inbox.WriteSmsAsync(message.PhoneE164, text, cancellationToken);
        return SendResult.Sent("devinbox-" + message.DeliveryId.ToString("N"));
    }
}

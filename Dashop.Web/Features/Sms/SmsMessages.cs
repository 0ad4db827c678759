using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Sms;

/// <summary>What a person is told about a code request or a delivery (English resource keys).</summary>
public static class SmsMessages
{
    public const string InvalidPhone = "Phone number is not valid.";

    public const string CodeWrong = "Verification code is wrong or has expired.";

    public const string Cooldown = "A code was sent recently; please wait before asking again.";

    public const string TooManyRequests = "Too many code requests; please try again later.";

    public const string CannotSend = "The code could not be sent right now; please try again shortly.";

    /// <summary>What a code request is told: on its way, or the refusal's own message.</summary>
    public static string For(Result<SmsIssued> issued) => issued.Succeeded ? "A code is on its way." : For(issued.WithoutValue());

    /// <summary>A refused code request's own message, or that it could not be sent.</summary>
    public static string For(Result refused) => refused.Error?.Message ?? CannotSend;

    public static string For(DeliveryFailure failure) => failure switch
    {
        DeliveryFailure.Recipient => "The SMS could not be delivered: the number is invalid.",
        DeliveryFailure.ProviderLimit => "Too many messages to this number; please try again later.",
        DeliveryFailure.Expired => "The code expired before it could be sent; please ask for a new one.",
        DeliveryFailure.SiteLimit => "The code could not be sent right now; please try again shortly.",
        _ => "The SMS service is unavailable; please try again later.",
    };
}

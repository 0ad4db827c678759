using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Sms;

/// <summary>What a person is told about a code request or a delivery (English resource keys).</summary>
public static class SmsMessages
{
    public const string InvalidPhone = "Phone number is not valid.";

    public const string CodeWrong = "Verification code is wrong or has expired.";

    public static string For(SmsIssueOutcome outcome) => outcome switch
    {
        SmsIssueOutcome.Accepted => "A code is on its way.",
        SmsIssueOutcome.Cooldown => "A code was sent recently; please wait before asking again.",
        SmsIssueOutcome.InvalidPhone => InvalidPhone,
        SmsIssueOutcome.RateLimited => "Too many code requests; please try again later.",
        _ => "The code could not be sent right now; please try again shortly.",
    };

    public static string For(DeliveryFailure failure) => failure switch
    {
        DeliveryFailure.Recipient => "The SMS could not be delivered: the number is invalid.",
        DeliveryFailure.ProviderLimit => "Too many messages to this number; please try again later.",
        DeliveryFailure.Expired => "The code expired before it could be sent; please ask for a new one.",
        DeliveryFailure.SiteLimit => "The code could not be sent right now; please try again shortly.",
        _ => "The SMS service is unavailable; please try again later.",
    };
}

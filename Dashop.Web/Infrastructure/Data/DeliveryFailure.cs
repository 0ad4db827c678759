namespace Dashop.Web.Infrastructure.Data;

/// <summary>Why a delivery failed for good; decides what the person is told and what the admin page flags.</summary>
public enum DeliveryFailure
{
    None = 0,
    Recipient = 1,
    ProviderLimit = 2,
    Configuration = 3,
    Expired = 4,
    GaveUp = 5,

    /// <summary>Not handed to the provider: the site's SMS of the hour had reached <c>Sms:MaxPerHour</c>.</summary>
    SiteLimit = 6,
}

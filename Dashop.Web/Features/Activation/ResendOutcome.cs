namespace Dashop.Web.Features.Activation;

public enum ResendOutcome
{
    Queued,
    AlreadyConfirmed,
    TooSoon,
    DailyLimit,
    AddressLimit,
    Unavailable,
}

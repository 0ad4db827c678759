namespace Dashop.Web.Features.Sms;

public enum SmsVerifyOutcome
{
    Valid,
    Wrong,
    Missing,
    TooManyAttempts,
    Unavailable,
}

namespace Dashop.Web.Features.Sms;

public enum SmsIssueOutcome
{
    Accepted,
    Cooldown,
    InvalidPhone,
    RateLimited,
    Unavailable,
}

namespace Dashop.Web.Features.Sms;

public enum SmsSendOutcome
{
    Sent,
    Transient,
    Failed,
}

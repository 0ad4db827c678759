namespace Dashop.Web.Features.Sms;

public enum SmsProvider
{
    Ronglian,
    DevInbox,
}

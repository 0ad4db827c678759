namespace Dashop.Web.Infrastructure.Data;

public enum SignInMethod
{
    Password,
    Sms,
    Weibo,
}

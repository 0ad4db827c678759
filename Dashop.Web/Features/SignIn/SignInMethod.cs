namespace Dashop.Web.Features.SignIn;

public enum SignInMethod
{
    Password,
    Sms,
    Weibo,
}

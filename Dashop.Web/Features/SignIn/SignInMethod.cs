namespace Dashop.Web.Features.SignIn;

public enum SignInMethod
{
    Password,
    Sms,
    Weibo,
    WeChat,
    QQ,
    Alipay,

    /// <summary>A sign-in provider without a value of its own here.</summary>
    External,
}

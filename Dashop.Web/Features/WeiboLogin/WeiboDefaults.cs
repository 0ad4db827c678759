namespace Dashop.Web.Features.WeiboLogin;

public static class WeiboDefaults
{
    public const string Scheme = "Weibo";
    public const string CallbackPath = "/signin-weibo";
}

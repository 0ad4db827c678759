namespace Dashop.Web.Features.ExternalLogin.Alipay;

public static class AlipayDefaults
{
    /// <summary>The authentication scheme; also the login page's button (<c>/login/alipay</c>).</summary>
    public const string Scheme = "Alipay";

    /// <summary>The button's name, a resource key ("支付宝" in Chinese).</summary>
    public const string DisplayName = "Alipay";
    public const string CallbackPath = "/signin-alipay";
}

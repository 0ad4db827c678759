namespace Dashop.Web.Features.ExternalLogin.WeChat;

public static class WeChatDefaults
{
    public const string Scheme = "WeChat";
    public const string DisplayName = "WeChat";
    public const string CallbackPath = "/signin-wechat";

    /// <summary>The QR login's scope (website app) and the Official Account's (inside WeChat's browser).</summary>
    public const string QrScope = "snsapi_login";
    public const string InAppScope = "snsapi_userinfo";

    /// <summary>WeChat's own browser says so in its User-Agent.</summary>
    public const string InAppUserAgentMarker = "MicroMessenger";

    /// <summary>The item of the handler's protected properties that names the app the login started with.</summary>
    public const string AppItem = "wechat.appid";
}

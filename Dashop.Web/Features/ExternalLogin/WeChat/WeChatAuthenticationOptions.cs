using Microsoft.AspNetCore.Authentication.OAuth;

namespace Dashop.Web.Features.ExternalLogin.WeChat;

/// <summary>The OAuth handler's options: <see cref="OAuthOptions.ClientId"/> is the website app; the Official Account comes beside it.</summary>
public sealed class WeChatAuthenticationOptions : OAuthOptions
{
    public WeChatAuthenticationOptions()
    {
        CallbackPath = WeChatDefaults.CallbackPath;
        BackchannelTimeout = TimeSpan.FromSeconds(10);
    }

    public string InAppAuthorizationEndpoint { get; set; } = "";
    public string InAppClientId { get; set; } = "";
    public string InAppClientSecret { get; set; } = "";
}

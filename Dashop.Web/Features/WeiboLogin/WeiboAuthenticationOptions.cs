using Microsoft.AspNetCore.Authentication.OAuth;

namespace Dashop.Web.Features.WeiboLogin;

public sealed class WeiboAuthenticationOptions : OAuthOptions
{
    public WeiboAuthenticationOptions()
    {
        CallbackPath = WeiboDefaults.CallbackPath;
    }
}

using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.WeiboLogin;

public sealed class WeiboAuthenticationOptions : OAuthOptions
{
    public WeiboAuthenticationOptions()
    {
        CallbackPath = WeiboDefaults.CallbackPath;
        SignInScheme = IdentityConstants.ExternalScheme;
        // The callback action stores the token in the WeiboProfile row, then drops it from the external cookie.
        SaveTokens = true;
        // Weibo sends the browser back with a top-level GET, which carries Lax cookies; plain http in Development.
        CorrelationCookie.SameSite = SameSiteMode.Lax;
        CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }
}

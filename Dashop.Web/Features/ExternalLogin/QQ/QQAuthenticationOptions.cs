using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.ExternalLogin.QQ;

public sealed class QQAuthenticationOptions : OAuthOptions
{
    public QQAuthenticationOptions()
    {
        CallbackPath = QQDefaults.CallbackPath;
        SignInScheme = IdentityConstants.ExternalScheme;
        ClaimsIssuer = QQDefaults.Scheme;
        // The shared callback flow stores the tokens with the external login, encrypted.
        SaveTokens = true;
        Scope.Add("get_user_info");
        // QQ sends the browser back with a top-level GET, which carries Lax cookies; plain http in Development.
        CorrelationCookie.SameSite = SameSiteMode.Lax;
        CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }
}

using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

public sealed class AlipayAuthenticationOptions : OAuthOptions
{
    public AlipayAuthenticationOptions()
    {
        CallbackPath = AlipayDefaults.CallbackPath;
        SignInScheme = IdentityConstants.ExternalScheme;
        ClaimsIssuer = AlipayDefaults.Scheme;
        // The shared callback flow stores the tokens with the external login, encrypted.
        SaveTokens = true;
        Scope.Add("auth_user");
        // Alipay has no client secret: requests are signed with Alipay:PrivateKey. OAuthOptions insists on a value.
        ClientSecret = "RSA2";
        CorrelationCookie.SameSite = SameSiteMode.Lax;
        CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>
/// The two pages of a provider's login that the login page links to: <c>/login/{provider}</c> starts the provider's OAuth
/// handler (404 when the provider is not registered: no credentials outside Development), and <c>/login/{provider}/failed</c>
/// tells the person why it ended. Each provider's controller names its own paths.
/// </summary>
public abstract class ProviderLoginController(IAuthenticationSchemeProvider schemes, IStringLocalizer<SharedResource> text) : Controller
{
    protected async Task<IActionResult> StartAsync(string scheme, string? returnUrl)
    {
        if (await schemes.GetSchemeAsync(scheme) is null)
            return NotFound();
        return Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(returnUrl) ? returnUrl : "/" }, scheme);
    }

    /// <summary>Back to /login with the message; a signed-in person (linking from /account) goes back to /account.</summary>
    protected async Task<IActionResult> FailedAsync(string scheme, ProviderLoginFailure reason)
    {
        if (await schemes.GetSchemeAsync(scheme) is not { } registered)
            return NotFound();
        var message = text[ProviderMessages.For(reason), text[registered.DisplayName ?? scheme].Value].Value;
        if (User.Identity?.IsAuthenticated == true)
        {
            TempData["FlashError"] = message;
            return Redirect("/account");
        }
        TempData["LoginError"] = message;
        return Redirect("/login");
    }
}

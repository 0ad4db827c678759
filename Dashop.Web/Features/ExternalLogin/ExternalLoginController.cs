using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>
/// The one sign-in flow for every provider (spec §15), whichever scheme it is: <c>/login/{provider}</c> starts the
/// provider's OAuth handler, which comes back to <c>/{provider}/callback</c>; a provider account linked to nobody goes on
/// to <c>/{provider}/bind</c> (a new account with phone + SMS code, or an existing one with its password). From /account,
/// a signed-in person links a provider the same way. A provider whose scheme is not registered (no credentials, not
/// simulated) answers 404 on every route.
/// </summary>
public sealed class ExternalLoginController(
    ExternalLoginService logins,
    LoginService login,
    ReauthenticationService reauth,
    IAuthenticationSchemeProvider schemes,
    IStringLocalizer<SharedResource> text) : Controller
{
    public const string AccountPage = "/account";

    public static string LinkPath(string provider) => $"/account/{provider.ToLowerInvariant()}/link";

    [HttpGet("/login/{provider}")]
    public async Task<IActionResult> Start(string provider, string? returnUrl)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var callback = CallbackUrl(scheme, LocalOrHome(returnUrl));
        return Challenge(new AuthenticationProperties { RedirectUri = callback }, scheme.Name);
    }

    /// <summary>
    /// "Link" on /account: the same OAuth handler as the sign-in, with the link intent in its protected properties; the
    /// callback then links instead of signing in. A link (GET): a form could not end on the provider (CSP form-action
    /// 'self'), and starting changes nothing: the callback links only for the browser that started, as the handler's
    /// state and correlation cookie prove. Linking gives a sign-in to the account: it needs a recent proof (spec §15, the
    /// re-authentication page comes back here) and a session that has not ended (spec §18), here and again at the callback.
    /// </summary>
    [Authorize]
    [RequireReauthentication]
    [HttpGet("/account/{provider}/link")]
    public async Task<IActionResult> Link(string provider)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var properties = new AuthenticationProperties { RedirectUri = CallbackUrl(scheme, AccountPage) };
        properties.Items[ExternalCookie.IntentItem] = ExternalCookie.LinkIntent;
        return Challenge(properties, scheme.Name);
    }

    /// <summary>Where a provider's handler sends a sign-in that was denied or failed; a signed-in person (linking) goes back to /account.</summary>
    [HttpGet("/login/{provider}/failed")]
    public async Task<IActionResult> Failed(string provider, ExternalLoginFailure reason)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        return FailedFor(scheme, reason);
    }

    [HttpGet("/{provider}/callback")]
    public async Task<IActionResult> Callback(string provider, string? returnUrl, CancellationToken cancellationToken)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var (pending, signIn, link) = await ExternalCookie.ReadAsync(HttpContext, scheme.Name);
        if (pending is null)
            return FailedFor(scheme, ExternalLoginFailure.Expired);
        if (link)
            return await LinkedAsync(scheme, signIn, cancellationToken);
        if (signIn is null) // this callback ran already (a reload): the sign-in was recorded, the bind is waiting
            return Redirect(BindUrl(scheme, LocalOrHome(returnUrl)));

        var result = await logins.RecordLoginAsync(signIn, cancellationToken);
        switch (result.Outcome)
        {
            case ExternalLoginOutcome.Bound:
                return await SignedInAsync(result.User!, returnUrl);
            case ExternalLoginOutcome.NotBound:
                await ExternalCookie.KeepPendingAsync(HttpContext, pending);
                return Redirect(BindUrl(scheme, LocalOrHome(returnUrl)));
            default:
                await ExternalCookie.ForgetAsync(HttpContext);
                return FailedFor(scheme, ExternalLoginFailure.Unavailable);
        }
    }

    [HttpGet("/{provider}/bind")]
    public async Task<IActionResult> Bind(string provider, string? returnUrl)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var (pending, _, _) = await ExternalCookie.ReadAsync(HttpContext, scheme.Name);
        return pending is null
            ? FailedFor(scheme, ExternalLoginFailure.Expired)
            : View(nameof(Bind), ExternalBindViewModel.For(scheme, pending, LocalOrHome(returnUrl), Request.Host));
    }

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/{provider}/bind")]
    public async Task<IActionResult> BindNewAccount(string provider, RegisterViewModel model, string? returnUrl, CancellationToken cancellationToken)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var (pending, _, _) = await ExternalCookie.ReadAsync(HttpContext, scheme.Name);
        if (pending is null)
            return FailedFor(scheme, ExternalLoginFailure.Expired);

        if (!ModelState.IsValid) // a field given a value of the wrong type: the form again, with its error
        {
            model.Password = null;
            return View(nameof(Bind), ExternalBindViewModel.For(scheme, pending, LocalOrHome(returnUrl), Request.Host, newAccount: model));
        }
        var result = await logins.BindNewAccountAsync(pending, model.ToInput(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["Flash"] = Say(scheme, ExternalLoginMessages.NewAccountLinked);
            return await SignedInAsync(result.User!, returnUrl);
        }
        if (result.Error == ExternalBindError.LoginExpired)
            return FailedFor(scheme, ExternalLoginFailure.Expired);

        if (result.Registration?.Error is not null)
            RegisterViewModel.AddErrors(ModelState, result.Registration.Errors, text);
        else
            ModelState.AddModelError("", Say(scheme, ExternalLoginMessages.For(result.Error)));
        model.Password = null;
        return View(nameof(Bind), ExternalBindViewModel.For(scheme, pending, LocalOrHome(returnUrl), Request.Host, newAccount: model));
    }

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/{provider}/bind/link")]
    public async Task<IActionResult> BindExistingAccount(string provider, [Bind(Prefix = "Link")] LoginViewModel link, string? returnUrl,
        CancellationToken cancellationToken)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var (pending, _, _) = await ExternalCookie.ReadAsync(HttpContext, scheme.Name);
        if (pending is null)
            return FailedFor(scheme, ExternalLoginFailure.Expired);

        if (ModelState.IsValid)
        {
            var result = await logins.BindExistingAccountAsync(pending, link.Login!, link.Password!, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Flash"] = Say(scheme, ExternalLoginMessages.ExistingAccountLinked);
                return await SignedInAsync(result.User!, returnUrl);
            }
            if (result.Error == ExternalBindError.LoginExpired)
                return FailedFor(scheme, ExternalLoginFailure.Expired);
            ModelState.AddModelError(nameof(ExternalBindViewModel.Link), Say(scheme, ExternalLoginMessages.For(result.Error)));
        }
        link.Password = null;
        return View(nameof(Bind), ExternalBindViewModel.For(scheme, pending, LocalOrHome(returnUrl), Request.Host, link: link));
    }

    private async Task<IActionResult> LinkedAsync(AuthenticationScheme scheme, ExternalSignIn? signIn, CancellationToken cancellationToken)
    {
        await ExternalCookie.ForgetAsync(HttpContext);
        if (signIn is null) // a reload of the callback: the link was made or refused the first time
            return Redirect(AccountPage);
        // The session may have ended, or its proof expired, while the person was at the provider.
        if (User.Identity?.IsAuthenticated == true && await reauth.RefuseAsync(HttpContext, LinkPath(scheme.Name)) is { } refused)
            return refused;
        var result = User.Identity?.IsAuthenticated == true
            ? await logins.LinkToSignedInAsync(User, signIn, cancellationToken)
            : ExternalBindResult.Fail(ExternalBindError.LoginExpired);
        if (result.Error == ExternalBindError.LoginExpired)
            return Redirect("/login");
        if (result.Succeeded)
            TempData["Flash"] = Say(scheme, ExternalLoginMessages.Linked);
        else
            TempData["FlashError"] = Say(scheme, ExternalLoginMessages.For(result.Error));
        return Redirect(AccountPage);
    }

    private RedirectResult FailedFor(AuthenticationScheme scheme, ExternalLoginFailure reason)
    {
        var message = Say(scheme, ExternalLoginMessages.For(reason));
        if (User.Identity?.IsAuthenticated == true)
        {
            TempData["FlashError"] = message;
            return Redirect(AccountPage);
        }
        TempData["LoginError"] = message;
        return Redirect("/login");
    }

    private async Task<IActionResult> SignedInAsync(DashopUser user, string? returnUrl)
    {
        await ExternalCookie.ForgetAsync(HttpContext);
        await login.SignInAsync(user);
        return LocalRedirect(LocalOrHome(returnUrl));
    }

    /// <summary>A registered sign-in provider (a scheme with a display name, as the login page lists them) named by <paramref name="provider"/>, any case.</summary>
    private async Task<AuthenticationScheme?> SchemeAsync(string provider) =>
        (await ExternalProviders.ListAsync(schemes)).FirstOrDefault(p => string.Equals(p.Scheme, provider, StringComparison.OrdinalIgnoreCase)) is { } found
            ? await schemes.GetSchemeAsync(found.Scheme)
            : null;

    /// <summary>A message about <paramref name="scheme"/>: its name in the page's language, or the lockout's minutes for the lockout message.</summary>
    private string Say(AuthenticationScheme scheme, string key) =>
        key == ExternalLoginMessages.LockedOut
            ? text[key, login.LockoutMinutes].Value
            : text[key, text[scheme.DisplayName ?? scheme.Name].Value].Value;

    private static string CallbackUrl(AuthenticationScheme scheme, string returnUrl) =>
        $"/{scheme.Name.ToLowerInvariant()}/callback?returnUrl={Uri.EscapeDataString(returnUrl)}";

    private static string BindUrl(AuthenticationScheme scheme, string returnUrl) =>
        $"/{scheme.Name.ToLowerInvariant()}/bind?returnUrl={Uri.EscapeDataString(returnUrl)}";

    private string LocalOrHome(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}

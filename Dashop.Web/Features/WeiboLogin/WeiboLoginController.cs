using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.RateLimiting;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Registration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// "Log in with Weibo" for the pages: /login/weibo starts the OAuth handler, which comes back to /weibo/callback;
/// a Weibo account bound to nobody goes on to /weibo/bind. From /account, a signed-in person links Weibo the same way.
/// </summary>
public sealed class WeiboLoginController(
    WeiboBindingService bindings,
    LoginService login,
    ReauthenticationService reauth,
    IOptions<WeiboOptions> options,
    IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("/login/weibo")]
    public IActionResult Start(string? returnUrl)
    {
        if (!options.Value.Enabled)
            return NotFound();
        var callback = Url.Action(nameof(Callback), new { returnUrl = LocalOrHome(returnUrl) });
        return Challenge(new AuthenticationProperties { RedirectUri = callback }, WeiboDefaults.Scheme);
    }

    /// <summary>
    /// "Link Weibo" on /account: the same OAuth handler as the login, with the link intent in its protected properties;
    /// the callback then links instead of signing in. A link (GET), like /login/weibo: a form could not end on Weibo
    /// (CSP form-action 'self'), and starting changes nothing: the callback links only for the browser that started,
    /// as the handler's state and correlation cookie prove. Linking gives a sign-in to the account: it needs a recent proof
    /// (spec §15, the re-authentication page comes back here) and a session that has not ended (spec §18), here and again
    /// at the callback.
    /// </summary>
    [Authorize]
    [RequireReauthentication]
    [HttpGet(LinkPath)]
    public IActionResult Link()
    {
        if (!options.Value.Enabled)
            return NotFound();
        var properties = new AuthenticationProperties { RedirectUri = Url.Action(nameof(Callback), new { returnUrl = AccountPage }) };
        properties.Items[WeiboDefaults.IntentItem] = WeiboDefaults.LinkIntent;
        return Challenge(properties, WeiboDefaults.Scheme);
    }

    /// <summary>Where the OAuth handler sends a login that Weibo denied or failed; a signed-in person (linking) goes back to /account.</summary>
    [HttpGet("/login/weibo/failed")]
    public IActionResult Failed(WeiboLoginFailure reason)
    {
        var message = text[WeiboMessages.For(reason), login.LockoutMinutes].Value;
        if (User.Identity?.IsAuthenticated == true)
        {
            TempData["FlashError"] = message;
            return Redirect(AccountPage);
        }
        TempData["LoginError"] = message;
        return Redirect("/login");
    }

    [HttpGet("/weibo/callback")]
    public async Task<IActionResult> Callback(string? returnUrl, CancellationToken cancellationToken)
    {
        var (pending, weiboLogin) = await WeiboExternalCookie.ReadAsync(HttpContext);
        if (pending is null)
            return Failed(WeiboLoginFailure.Expired);
        if (await WeiboExternalCookie.IsLinkAsync(HttpContext))
            return await LinkedAsync(weiboLogin, cancellationToken);
        if (weiboLogin is null) // this callback ran already (a reload): the login was recorded, the bind is waiting
            return RedirectToAction(nameof(Bind), new { returnUrl = LocalOrHome(returnUrl) });

        var result = await bindings.RecordLoginAsync(weiboLogin, cancellationToken);
        switch (result.Outcome)
        {
            case WeiboLoginOutcome.Bound:
                return await SignedInAsync(result.User!, returnUrl);
            case WeiboLoginOutcome.NotBound:
                await WeiboExternalCookie.KeepPendingAsync(HttpContext, pending);
                return RedirectToAction(nameof(Bind), new { returnUrl = LocalOrHome(returnUrl) });
            default:
                await WeiboExternalCookie.ForgetAsync(HttpContext);
                return Failed(result.Outcome == WeiboLoginOutcome.LockedOut ? WeiboLoginFailure.LockedOut : WeiboLoginFailure.Unavailable);
        }
    }

    [HttpGet("/weibo/bind")]
    public async Task<IActionResult> Bind(string? returnUrl)
    {
        var (pending, _) = await WeiboExternalCookie.ReadAsync(HttpContext);
        return pending is null ? Failed(WeiboLoginFailure.Expired) : View(WeiboBindViewModel.For(pending, LocalOrHome(returnUrl), Request.Host));
    }

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/weibo/bind")]
    public async Task<IActionResult> BindNewAccount(RegisterViewModel model, string? returnUrl, CancellationToken cancellationToken)
    {
        var (pending, _) = await WeiboExternalCookie.ReadAsync(HttpContext);
        if (pending is null)
            return Failed(WeiboLoginFailure.Expired);

        if (!ModelState.IsValid) // a field given a value of the wrong type: the form again, with its error
        {
            model.Password = null;
            return View(nameof(Bind), WeiboBindViewModel.For(pending, LocalOrHome(returnUrl), Request.Host, newAccount: model));
        }
        var result = await bindings.BindNewAccountAsync(pending.Uid, model.ToInput(), cancellationToken);
        if (result.Succeeded)
        {
            TempData["Flash"] = text["Welcome! Your account is ready and linked to Weibo. We sent an activation link to your e-mail address."].Value;
            return await SignedInAsync(result.User!, returnUrl);
        }
        if (result.Error == WeiboBindError.LoginExpired)
            return Failed(WeiboLoginFailure.Expired);

        if (result.Registration?.Field is not null)
            RegisterViewModel.AddErrors(ModelState, result.Registration.Fields, text);
        else
            ModelState.AddModelError("", text[WeiboMessages.For(result.Error), login.LockoutMinutes]);
        model.Password = null;
        return View(nameof(Bind), WeiboBindViewModel.For(pending, LocalOrHome(returnUrl), Request.Host, newAccount: model));
    }

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/weibo/bind/link")]
    public async Task<IActionResult> BindExistingAccount([Bind(Prefix = "Link")] LoginViewModel link, string? returnUrl, CancellationToken cancellationToken)
    {
        var (pending, _) = await WeiboExternalCookie.ReadAsync(HttpContext);
        if (pending is null)
            return Failed(WeiboLoginFailure.Expired);

        if (ModelState.IsValid)
        {
            var result = await bindings.BindExistingAccountAsync(pending.Uid, link.Login!, link.Password!, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Flash"] = text["Your Weibo account is now linked: next time, log in with Weibo in one step."].Value;
                return await SignedInAsync(result.User!, returnUrl);
            }
            if (result.Error == WeiboBindError.LoginExpired)
                return Failed(WeiboLoginFailure.Expired);
            ModelState.AddModelError(nameof(WeiboBindViewModel.Link), text[WeiboMessages.For(result.Error), login.LockoutMinutes]);
        }
        link.Password = null;
        return View(nameof(Bind), WeiboBindViewModel.For(pending, LocalOrHome(returnUrl), Request.Host, link: link));
    }

    private async Task<IActionResult> LinkedAsync(WeiboSignIn? weiboLogin, CancellationToken cancellationToken)
    {
        await WeiboExternalCookie.ForgetAsync(HttpContext);
        if (weiboLogin is null) // a reload of the callback: the link was made or refused the first time
            return Redirect(AccountPage);
        // The session may have ended, or its proof expired, while the person was on Weibo.
        if (User.Identity?.IsAuthenticated == true && await reauth.RefuseAsync(HttpContext, LinkPath) is { } refused)
            return refused;
        var result = User.Identity?.IsAuthenticated == true
            ? await bindings.LinkToSignedInAsync(User, weiboLogin, cancellationToken)
            : WeiboBindResult.Fail(WeiboBindError.LoginExpired);
        if (result.Error == WeiboBindError.LoginExpired)
            return Redirect("/login");
        if (result.Succeeded)
            TempData["Flash"] = text["Your Weibo account is now linked."].Value;
        else
            TempData["FlashError"] = text[WeiboMessages.For(result.Error), login.LockoutMinutes].Value;
        return Redirect(AccountPage);
    }

    private async Task<IActionResult> SignedInAsync(Infrastructure.Data.DashopUser user, string? returnUrl)
    {
        await WeiboExternalCookie.ForgetAsync(HttpContext);
        await login.SignInAsync(user);
        return LocalRedirect(LocalOrHome(returnUrl));
    }

    private const string AccountPage = "/account";
    private const string LinkPath = "/account/weibo/link";

    private string LocalOrHome(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}

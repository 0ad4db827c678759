using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.RateLimiting;
using Dashop.Web.Features.WeiboLogin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Account;

public sealed class AccountController(LoginService login, SmsLoginService sms, IOptions<WeiboOptions> weibo, IStringLocalizer<SharedResource> text) : Controller
{
    /// <summary>The login page offers "Log in with Weibo" when Weibo login is configured (or simulated).</summary>
    public override void OnActionExecuting(ActionExecutingContext context)
    {
        ViewData["WeiboEnabled"] = weibo.Value.Enabled;
        base.OnActionExecuting(context);
    }

    [HttpGet("/login")]
    public IActionResult Login(string? returnUrl, string? method) =>
        View(new LoginViewModel { ReturnUrl = returnUrl, BySms = method == "sms" });

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/login")]
    [ExpiredForm("Login", typeof(LoginViewModel))]
    public async Task<IActionResult> Login(LoginViewModel model, CancellationToken cancellationToken)
    {
        // A checkbox re-rendered from an attempted value that is not a boolean would throw: render the model's.
        ModelState.Remove(nameof(LoginViewModel.Remember));
        if (!ModelState.IsValid)
            return View(model);

        var (outcome, _) = await login.PasswordSignInAsync(model.Login!, model.Password!, model.Remember, cancellationToken);
        switch (outcome)
        {
            case LoginOutcome.Succeeded:
                return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
            case LoginOutcome.LockedOut:
                ModelState.AddModelError("", text[LoginService.LockedOutMessage, login.LockoutMinutes]);
                break;
            case LoginOutcome.Busy:
                ModelState.AddModelError("", text[PasswordMessages.Busy]);
                break;
            case LoginOutcome.Unavailable:
                ModelState.AddModelError("", text[PasswordMessages.TryAgain]);
                break;
            default:
                ModelState.AddModelError("", text["Wrong username, phone number or password."]);
                break;
        }
        model.Password = null;
        return View(model);
    }

    /// <summary>A login code proves the phone: it signs in even while the password lockout holds, and clears it.</summary>
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/login/sms")]
    public async Task<IActionResult> SmsLogin(SmsLoginViewModel model, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var (outcome, _) = await sms.SignInAsync(model.Phone, model.Code, cancellationToken);
            switch (outcome)
            {
                case SmsLoginOutcome.Succeeded:
                    return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
                case SmsLoginOutcome.InvalidPhone:
                    ModelState.AddModelError(nameof(model.Phone), text["Phone number is not valid."]);
                    break;
                case SmsLoginOutcome.Unavailable:
                    ModelState.AddModelError("", text["The code could not be checked right now; please try again shortly."]);
                    break;
                default:
                    ModelState.AddModelError(nameof(model.Code), text["Verification code is wrong or has expired."]);
                    break;
            }
        }
        return View("Login", new LoginViewModel { BySms = true, Phone = model.Phone, ReturnUrl = model.ReturnUrl });
    }

    [HttpPost("/logout")]
    public async Task<IActionResult> Logout()
    {
        await login.SignOutAsync();
        return RedirectToAction("Index", "Home");
    }

    [HttpGet("/access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}

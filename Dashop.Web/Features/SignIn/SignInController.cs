using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.SignIn;

public sealed class SignInController(LoginService login, SmsLoginService sms, IAuthenticationSchemeProvider schemes, IStringLocalizer<SharedResource> text) : Controller
{
    /// <summary>
    /// The login page offers a button for each registered external sign-in scheme that has a display name, as Identity UI's
    /// login page does: a provider feature registers its scheme only when it is configured (or simulated), and no page names it.
    /// </summary>
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ViewData[ExternalProviders.ViewDataKey] = await ExternalProviders.ListAsync(schemes);
        await base.OnActionExecutionAsync(context, next);
    }

    /// <summary>The TempData entry that hands a sign-up ticket to the sign-up step (its page keeps it in the form).</summary>
    public const string SignUpTicketKey = "SmsSignUpTicket";

    /// <summary>Where a right code for a phone with no account goes on (the Registration feature's sign-up step).</summary>
    public const string SignUpPath = "/login/sms/new";

    /// <summary>The SMS code is the first way in when one code also signs up (spec §15); otherwise the password is.</summary>
    [HttpGet("/login")]
    public IActionResult Login(string? returnUrl, string? method) =>
        View(new LoginViewModel
        {
            ReturnUrl = returnUrl,
            BySms = method == "sms" || (method != "password" && sms.SignUpEnabled),
            SmsFirst = sms.SignUpEnabled,
        });

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/login")]
    [ExpiredForm("Login", typeof(LoginViewModel))]
    public async Task<IActionResult> Login(LoginViewModel model, CancellationToken cancellationToken)
    {
        model.SmsFirst = sms.SignUpEnabled;
        if (!ModelState.IsValid)
            return View(model);

        var result = await login.PasswordSignInAsync(model.Login!, model.Password!, model.Remember, cancellationToken);
        switch (result.Failure)
        {
            case null:
                return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
            case Failure.LockedOut:
                ModelState.AddModelError("", text[LoginService.LockedOutMessage, login.LockoutMinutes]);
                break;
            case Failure.Busy:
                ModelState.AddModelError("", text[PasswordMessages.Busy]);
                break;
            case Failure.Unavailable:
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
            var result = await sms.SignInAsync(model.Phone, model.Code, cancellationToken);
            switch (result.Failure)
            {
                case null when result.Value!.User is not null:
                    return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
                case null:
                    TempData[SignUpTicketKey] = await sms.IssueSignUpTicketAsync(result.Value.PhoneE164, cancellationToken);
                    return LocalRedirect(SignUpPath + (Url.IsLocalUrl(model.ReturnUrl) ? "?returnUrl=" + Uri.EscapeDataString(model.ReturnUrl) : ""));
                case Failure.Invalid:
                    ModelState.AddModelError(nameof(model.Phone), text[SmsMessages.InvalidPhone]);
                    break;
                case Failure.Unavailable:
                    ModelState.AddModelError("", text["The code could not be checked right now; please try again shortly."]);
                    break;
                default:
                    ModelState.AddModelError(nameof(model.Code), text[SmsMessages.CodeWrong]);
                    break;
            }
        }
        return View("Login", new LoginViewModel { BySms = true, SmsFirst = sms.SignUpEnabled, Phone = model.Phone, ReturnUrl = model.ReturnUrl });
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

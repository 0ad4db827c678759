using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.RateLimiting;
using Dashop.Web.Features.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.Registration;

public sealed class RegistrationController(RegistrationService registration, LoginService login, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("/register")]
    public IActionResult Register() => View(new RegisterViewModel());

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/register")]
    [ExpiredForm("Register", typeof(RegisterViewModel))]
    public async Task<IActionResult> Register(RegisterViewModel model, CancellationToken cancellationToken)
    {
        // A field given a value of the wrong type (TermsAccepted=perhaps) is already a field error: the form again.
        var result = ModelState.IsValid ? await registration.RegisterAsync(model.ToInput(), cancellationToken: cancellationToken) : null;
        if (result is null || !result.Succeeded)
        {
            if (result is not null)
                RegisterViewModel.AddErrors(ModelState, result.Errors, text);
            model.Password = null;
            return View(model);
        }
        await login.SignInAsync(result.Value!);
        TempData["Flash"] = text["Welcome! Your account is ready. We sent an activation link to your e-mail address."].Value;
        return RedirectToAction("Index", "Home");
    }
}

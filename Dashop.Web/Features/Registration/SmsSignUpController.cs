using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.Registration;

/// <summary>
/// The step after a right login code for a phone with no account (spec §15, <c>Accounts:SmsSignUp</c>): the terms, the
/// suggested username, an optional password and e-mail address; then the account exists and is signed in as a login
/// code signs in. The proven phone comes from /login sealed in a ticket (TempData, then the form); a field refused keeps
/// everything typed but the password (never written back into a page), and nothing is created until every field holds.
/// A ticket past <c>Accounts:SmsSignUpStepLifetime</c> goes back to /login with a message; a form whose antiforgery token
/// expired comes back with "the page expired" and what was typed.
/// </summary>
public sealed class SmsSignUpController(SmsSignUpService signUp, SmsLoginService sms, IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet(SignInController.SignUpPath)]
    public async Task<IActionResult> SignUp(string? returnUrl, CancellationToken cancellationToken)
    {
        if (!sms.SignUpEnabled)
            return NotFound();
        var ticket = TempData.Peek(SignInController.SignUpTicketKey) as string;
        if (sms.ReadSignUpTicket(ticket) is not { } phone)
            return Expired(returnUrl);
        return View(new SmsSignUpViewModel
        {
            Ticket = ticket,
            ReturnUrl = returnUrl,
            MaskedPhone = Masking.Phone(phone),
            Username = await signUp.SuggestUsernameAsync(cancellationToken),
        });
    }

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost(SignInController.SignUpPath)]
    [ExpiredForm("SignUp", typeof(SmsSignUpViewModel))]
    public async Task<IActionResult> SignUp(SmsSignUpViewModel model, CancellationToken cancellationToken)
    {
        if (!sms.SignUpEnabled)
            return NotFound();
        if (sms.ReadSignUpTicket(model.Ticket) is not { } phone)
            return Expired(model.ReturnUrl);
        model.MaskedPhone = Masking.Phone(phone);

        // A field given a value of the wrong type (TermsAccepted=perhaps) is already a field error: the form again.
        var result = ModelState.IsValid ? await signUp.SignUpAsync(phone, model.ToInput(), cancellationToken) : null;
        if (result?.Error == AccountRules.PhoneTaken)
        {
            // Signed up meanwhile (another tab, /register): this ticket makes no second account and signs nobody in.
            TempData.Remove(SignInController.SignUpTicketKey);
            TempData["LoginError"] = text["This phone number already has an account: log in with a new code."].Value;
            return LocalRedirect("/login?method=sms");
        }
        if (result is null || !result.Succeeded)
        {
            if (result is not null)
                RegisterViewModel.AddErrors(ModelState, result.Errors, text);
            model.Password = null;
            return View(model);
        }

        TempData.Remove(SignInController.SignUpTicketKey);
        await sms.CompleteSignUpAsync(result.Value!, withCookie: true, cancellationToken);
        TempData["Flash"] = (result.Value!.Email is null
            ? text["Welcome! Your account is ready."]
            : text["Welcome! Your account is ready. We sent an activation link to your e-mail address."]).Value;
        return Url.IsLocalUrl(model.ReturnUrl) ? LocalRedirect(model.ReturnUrl) : RedirectToAction("Index", "Home");
    }

    private RedirectResult Expired(string? returnUrl)
    {
        TempData["LoginError"] = text["The sign-up step has expired: ask for a new code."].Value;
        return Redirect("/login?method=sms" + (Url.IsLocalUrl(returnUrl) ? "&returnUrl=" + Uri.EscapeDataString(returnUrl) : ""));
    }
}

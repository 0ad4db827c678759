using Dashop.Web.Infrastructure;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Reauthentication;

/// <summary>
/// <c>/account/reauth?returnUrl=</c> (spec §15): the signed-in person proves themselves with the current password or a
/// <c>reauth</c> code sent to the account's phone, then goes back to where they were. Every post checks the session's
/// security stamp now and is rate-limited per account and address like the account page's.
/// </summary>
[Authorize]
[CheckSecurityStamp]
[Route("account/reauth")]
public sealed class ReauthenticationController(
    ReauthenticationService reauth,
    SignedInPostLimiter limiter,
    IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? returnUrl) =>
        await reauth.UserAsync(User) is { } user ? View("Reauthenticate", Page(user, returnUrl)) : Challenge();

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("")]
    public Task<IActionResult> Password(ReauthenticationForm form, CancellationToken cancellationToken) =>
        ProveAsync(form, ReauthenticationService.PasswordField, user => reauth.ProveWithPasswordAsync(user, form.Password, cancellationToken));

    [HttpPost("sms")]
    public Task<IActionResult> Sms(ReauthenticationForm form, CancellationToken cancellationToken) =>
        ProveAsync(form, ReauthenticationService.CodeField, user => reauth.ProveWithCodeAsync(user, form.Code, cancellationToken));

    /// <summary>Sends a code to the account's own phone; the page comes back saying so, or why not.</summary>
    [HttpPost("code")]
    public async Task<IActionResult> SendCode(ReauthenticationForm form, CancellationToken cancellationToken)
    {
        if (await reauth.UserAsync(User) is not { } user)
            return Challenge();
        if (!limiter.TryAcquire(HttpContext))
            return Refused(user, form.ReturnUrl, ReauthenticationService.CodeField, SignedInPostLimiter.RefusedMessage, StatusCodes.Status429TooManyRequests);
        var sent = await reauth.SendCodeAsync(user, HttpContext.ClientIp(), cancellationToken);
        if (!sent.Succeeded)
            return Refused(user, form.ReturnUrl, ReauthenticationService.CodeField, SmsMessages.For(sent), StatusCodes.Status400BadRequest);
        var page = Page(user, form.ReturnUrl);
        return View("Reauthenticate", page with { Notice = text["A code is on its way to {0}.", page.MaskedPhone!].Value });
    }

    private async Task<IActionResult> ProveAsync(ReauthenticationForm form, string field, Func<DashopUser, Task<Result>> prove)
    {
        if (await reauth.UserAsync(User) is not { } user)
            return Challenge();
        if (!limiter.TryAcquire(HttpContext))
            return Refused(user, form.ReturnUrl, field, SignedInPostLimiter.RefusedMessage, StatusCodes.Status429TooManyRequests);
        if (await prove(user) is { Error: { } refusal })
            return Refused(user, form.ReturnUrl, refusal.Field, refusal.Message, StatusCodes.Status400BadRequest);
        return LocalRedirect(LocalOrAccount(form.ReturnUrl));
    }

    private ViewResult Refused(DashopUser user, string? returnUrl, string field, string message, int status)
    {
        Response.StatusCode = status;
        return View("Reauthenticate", Page(user, returnUrl) with { Error = text[message].Value, ErrorField = field });
    }

    private ReauthenticationPage Page(DashopUser user, string? returnUrl) => new()
    {
        ReturnUrl = LocalOrAccount(returnUrl),
        WindowMinutes = reauth.WindowMinutes,
        HasPassword = user.PasswordHash is not null,
        MaskedPhone = user.PhoneNumber is { } phone ? Masking.Phone(phone) : null,
    };

    private string LocalOrAccount(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/account";
}

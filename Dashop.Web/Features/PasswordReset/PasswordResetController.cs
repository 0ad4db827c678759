using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>/password/forgot and /password/reset (spec §11). A reset link's GET only shows the form: a mail scanner changes nothing.</summary>
[Route("password")]
public sealed class PasswordResetController(PasswordResetService resets, IStringLocalizer<SharedResource> text) : Controller
{
    public const string ChangedMessage = "Your password has been changed. Please log in with the new one.";

    [HttpGet("forgot")]
    public IActionResult Forgot() => View(new ForgotPasswordViewModel());

    [HttpPost("forgot/sms")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> ForgotBySms(ForgotPasswordViewModel model, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
            return Invalid("Forgot", model);
        var result = await resets.ResetWithCodeAsync(model.Phone, model.Code, model.Password, cancellationToken);
        return Done(result, "Forgot", model);
    }

    [HttpPost("forgot/email")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> ForgotByEmail(ForgotPasswordViewModel model, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
            return Invalid("Forgot", model);
        var requested = await resets.RequestLinkAsync(model.Email, HttpContext.ClientIp(), cancellationToken);
        switch (requested.Failure)
        {
            case null:
                return View("EmailSent");
            case Failure.Invalid:
                ModelState.AddModelError(nameof(model.Email), text[requested.Error!.Message]);
                break;
            case Failure.Limited:
                ModelState.AddModelError("", text["Too many reset e-mails were asked for; please try again later or use your phone."]);
                break;
            default:
                ModelState.AddModelError("", text["The link could not be sent right now; please try again shortly."]);
                break;
        }
        return Invalid("Forgot", model);
    }

    [HttpGet("reset")]
    public async Task<IActionResult> Reset(string? uid, string? token)
    {
        if (!await resets.IsLinkValidAsync(uid, token))
            return LinkInvalid();
        return View(new ResetPasswordViewModel { Uid = uid, Token = token });
    }

    [HttpPost("reset")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> ResetPost(ResetPasswordViewModel model, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
            return Invalid("Reset", model);
        var result = await resets.ResetWithLinkAsync(model.Uid, model.Token, model.Password, cancellationToken);
        return result.Failure == Failure.Expired ? LinkInvalid() : Done(result, "Reset", model);
    }

    private IActionResult Done(Result result, string view, object model)
    {
        if (result.Succeeded)
        {
            TempData["Flash"] = text[ChangedMessage].Value;
            return Redirect("/login");
        }
        var message = result.Error?.Message ?? (result.Failure == Failure.Busy
            ? Infrastructure.Security.PasswordMessages.Busy
            : "Your password could not be changed right now; please try again shortly.");
        ModelState.AddModelError(ForgotPasswordViewModel.FieldName(result.Error?.Field ?? ""), text[message]);
        return Invalid(view, model);
    }

    private ViewResult Invalid(string view, object model)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(view, model);
    }

    private ViewResult LinkInvalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("LinkInvalid");
    }
}

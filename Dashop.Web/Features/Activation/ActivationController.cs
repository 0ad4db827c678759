using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Activation;

public sealed class ActivationController(
    ActivationService activation,
    UserManager<DashopUser> users,
    IOptions<EmailOptions> email,
    IStringLocalizer<SharedResource> text) : Controller
{
    /// <summary>The link in the e-mail: a page with a button. Following it changes nothing.</summary>
    [HttpGet("/activate")]
    public async Task<IActionResult> Activate(string? uid, string? token) => Show(await activation.CheckAsync(uid, token), uid, token);

    [HttpPost("/activate")]
    public async Task<IActionResult> Confirm([FromForm] string? uid, [FromForm] string? token) => Show(await activation.ConfirmAsync(uid, token), uid, token, confirming: true);

    private ViewResult Show(Result link, string? uid, string? token, bool confirming = false)
    {
        if (link.Failure == Failure.Expired)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Activate", new ActivationPage(link, confirming, uid, token, (int)Math.Ceiling(email.Value.ActivationLinkLifetime.TotalDays)));
    }

    [Authorize]
    [HttpGet("/activate/resend")]
    public async Task<IActionResult> Resend()
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : View(user);
    }

    [Authorize]
    [HttpPost("/activate/resend")]
    public async Task<IActionResult> ResendPost(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
            return Challenge();
        var result = await activation.ResendAsync(user, cancellationToken);
        TempData[result.Succeeded ? "Flash" : "FlashError"] = text[result.Failure switch
        {
            null => "We sent a new activation link to your e-mail address.",
            Failure.AlreadyDone => "Your e-mail address is already confirmed.",
            Failure.Limited => result.Error!.Message,
            _ => "The link could not be sent right now; please try again shortly.",
        }, result.Error?.Message switch
        {
            ActivationService.TooSoonMessage => email.Value.ResendCooldownSeconds,
            ActivationService.AddressLimitMessage => email.Value.MaxActivationEmailsPerAddressPerDay,
            _ => email.Value.MaxResendsPerDay,
        }].Value;
        return RedirectToAction("Index", "Home");
    }
}

using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

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
    public async Task<IActionResult> Confirm([FromForm] string? uid, [FromForm] string? token) => Show(await activation.ConfirmAsync(uid, token), uid, token);

    private ViewResult Show(ActivationOutcome outcome, string? uid, string? token)
    {
        if (outcome == ActivationOutcome.Invalid)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        ViewData["LinkDays"] = (int)Math.Ceiling(email.Value.ActivationLinkLifetime.TotalDays);
        ViewData["Uid"] = uid;
        ViewData["Token"] = token;
        return View("Activate", outcome);
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
        var outcome = await activation.ResendAsync(user, cancellationToken);
        TempData[outcome == ResendOutcome.Queued ? "Flash" : "FlashError"] = text[outcome switch
        {
            ResendOutcome.Queued => "We sent a new activation link to your e-mail address.",
            ResendOutcome.AlreadyConfirmed => "Your e-mail address is already confirmed.",
            ResendOutcome.TooSoon => "Please wait {0} seconds before asking for another link.",
            ResendOutcome.DailyLimit => "You have asked for {0} links today; please try again tomorrow.",
            ResendOutcome.AddressLimit => "Your e-mail address has been sent {0} activation links today; please try again tomorrow.",
            _ => "The link could not be sent right now; please try again shortly.",
        }, outcome switch
        {
            ResendOutcome.TooSoon => email.Value.ResendCooldownSeconds,
            ResendOutcome.AddressLimit => email.Value.MaxActivationEmailsPerAddressPerDay,
            _ => email.Value.MaxResendsPerDay,
        }].Value;
        return RedirectToAction("Index", "Home");
    }
}

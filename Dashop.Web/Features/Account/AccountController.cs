using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Account;

/// <summary>
/// The account page (spec §11): signed in only; every change is a POST with antiforgery (a global filter), checks the
/// session's security stamp on that request (spec §18) and is rate-limited per account and per address.
/// </summary>
[Authorize]
[CheckSecurityStamp]
[Route("account")]
public sealed class AccountController(
    AccountService profiles,
    AccountChanges changes,
    AccountDeletion deletion,
    ExternalLoginService externalLogins,
    ReauthenticationService reauth,
    SignedInPostLimiter limiter,
    IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        await profiles.CurrentAsync(User) is { } user ? View(await PageAsync(user, cancellationToken)) : Challenge();

    /// <summary>Changes the password, or sets the first one of an account made by SMS sign-up (spec §15).</summary>
    [HttpPost("password")]
    public Task<IActionResult> ChangePassword(AccountForm form, CancellationToken cancellationToken) =>
        Act("password", "Your password was changed. Other sessions have been signed out.",
            user => changes.ChangePasswordAsync(user, form.Password, form.NewPassword, cancellationToken), cancellationToken);

    [HttpPost("phone")]
    public Task<IActionResult> ChangePhone(AccountForm form, CancellationToken cancellationToken) =>
        Act("phone", "Your phone number was changed.",
            user => changes.ChangePhoneAsync(user, form.Password, form.Phone, form.Verify, cancellationToken), cancellationToken);

    [HttpPost("email")]
    public Task<IActionResult> ChangeEmail(AccountForm form, CancellationToken cancellationToken) =>
        Act("email", "A confirmation link was sent to the new address. Your current address stays until you confirm it.",
            user => changes.RequestEmailChangeAsync(user, form.Password, form.Email, HttpContext.ClientIp(), cancellationToken), cancellationToken);

    [AllowAnonymous]
    [HttpGet("email/confirm")]
    public IActionResult ConfirmEmail(string? uid, string? email, string? token) =>
        View(new EmailConfirmation(uid, email, token, null));

    /// <summary>Confirmed by a POST from the link's page, so that a mail scanner fetching the link changes nothing.</summary>
    [AllowAnonymous]
    [HttpPost("email/confirm")]
    public async Task<IActionResult> ConfirmEmailPost(string? uid, string? email, string? token, CancellationToken cancellationToken)
    {
        var confirmed = await changes.ConfirmEmailChangeAsync(uid, email, token, cancellationToken);
        if (!confirmed)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("ConfirmEmail", new EmailConfirmation(uid, email, token, confirmed));
    }

    /// <summary>Unlinks a sign-in provider (spec §15); the field of its error is the provider's id, as on the page.</summary>
    [RequireReauthentication(ReturnUrl = "/account")]
    [HttpPost("{provider}/unlink")]
    public async Task<IActionResult> Unlink(string provider, CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(User) is not { } user)
            return Challenge();
        var page = await PageAsync(user, cancellationToken);
        if (page.Providers.FirstOrDefault(p => string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase)) is not { } linked)
            return NotFound();
        if (await LimitedAsync(linked.Id, user, cancellationToken) is { } limited)
            return limited;
        var name = text[linked.DisplayName].Value;
        if (await externalLogins.UnlinkAsync(user, linked.Provider, cancellationToken) is { Error: { } refusal } refused)
            return await Refused(linked.Id, user, refused with { Errors = [new FieldError(linked.Id, text[refusal.Message, name].Value)] }, cancellationToken);
        TempData["Flash"] = text[ExternalLoginMessages.Unlinked, name].Value;
        return Redirect("/account");
    }

    [HttpPost("sign-out-everywhere")]
    public async Task<IActionResult> SignOutEverywhere(CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(User) is { } user)
        {
            if (await LimitedAsync("data", user, cancellationToken) is { } limited)
                return limited;
            await changes.SignOutEverywhereAsync(user);
        }
        TempData["Flash"] = text["You were signed out everywhere."].Value;
        return Redirect("/login");
    }

    /// <summary>The data goes out only to a session that proved itself recently (spec §15): a stolen cookie alone gets none of it.</summary>
    [RequireReauthentication(ReturnUrl = "/account")]
    [HttpPost("download")]
    public async Task<IActionResult> Download(CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(User) is not { } user)
            return Challenge();
        if (await LimitedAsync("data", user, cancellationToken) is { } limited)
            return limited;
        return File(await profiles.DownloadAsync(user, cancellationToken), "application/json", "dashop-my-data.json");
    }

    [HttpPost("delete")]
    public async Task<IActionResult> Delete(AccountForm form, CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(User) is not { } user)
            return Challenge();
        if (await LimitedAsync("delete", user, cancellationToken) is { } limited)
            return limited;
        var result = await deletion.DeleteAsync(user, form.Password, form.UserName, cancellationToken);
        if (!result.Succeeded)
            return await Refused("delete", user, result, cancellationToken);
        TempData["Flash"] = text["Your account was deleted."].Value;
        return Redirect("/");
    }

    private async Task<IActionResult> Act(string form, string done, Func<DashopUser, Task<Result>> action, CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(User) is not { } user)
            return Challenge();
        if (await LimitedAsync(form, user, cancellationToken) is { } limited)
            return limited;
        var result = await action(user);
        if (!result.Succeeded)
            return await Refused(form, user, result, cancellationToken);
        TempData["Flash"] = text[done].Value;
        return Redirect("/account");
    }

    /// <summary>Null while this account and address may post; otherwise the page again, the form saying why (429).</summary>
    private async Task<IActionResult?> LimitedAsync(string form, DashopUser user, CancellationToken cancellationToken) =>
        limiter.TryAcquire(HttpContext)
            ? null
            : await Refused(form, user, Result.Limited(null, new FieldError(form, SignedInPostLimiter.RefusedMessage)), cancellationToken, StatusCodes.Status429TooManyRequests);

    private async Task<IActionResult> Refused(string form, DashopUser user, Result result, CancellationToken cancellationToken,
        int status = StatusCodes.Status400BadRequest)
    {
        ViewData["FormError"] = new FormError(form, result.Error!.Field, text[result.Error.Message].Value);
        Response.StatusCode = status;
        return View("Index", await PageAsync(user, cancellationToken));
    }

    private Task<AccountPage> PageAsync(DashopUser user, CancellationToken cancellationToken) =>
        profiles.PageAsync(user, reauth.IsFresh(User), reauth.WindowMinutes, cancellationToken);
}

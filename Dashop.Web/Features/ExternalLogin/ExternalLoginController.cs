using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>
/// The one sign-in flow for every provider (spec §15), whichever scheme it is: <c>/login/{provider}</c> starts the
/// provider's OAuth handler, which comes back to <c>/{provider}/callback</c>; a provider account linked to nobody goes on
/// to <c>/{provider}/bind</c> (a new account with phone + SMS code, or an existing one with its password or a <c>reauth</c>
/// code sent to its phone). From /account,
/// a signed-in person links a provider the same way. A provider whose scheme is not registered (no credentials, not
/// simulated) answers 404 on every route.
/// </summary>
public sealed class ExternalLoginController(
    ExternalLoginService logins,
    LoginService login,
    ReauthenticationService reauth,
    ExternalLinkCodes linkCodes,
    IOptions<AccountsOptions> accounts,
    IAuthenticationSchemeProvider schemes,
    IStringLocalizer<SharedResource> text) : Controller
{
    public const string AccountPage = "/account";

    public static string LinkPath(string provider) => $"/account/{provider.ToLowerInvariant()}/link";

    [HttpGet("/login/{provider}")]
    public async Task<IActionResult> Start(string provider, string? returnUrl)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var callback = CallbackUrl(scheme, LocalOrHome(returnUrl));
        return Challenge(new AuthenticationProperties { RedirectUri = callback }, scheme.Name);
    }

    /// <summary>
    /// "Link" on /account: the same OAuth handler as the sign-in, with the link intent in its protected properties; the
    /// callback then links instead of signing in. A link (GET): a form could not end on the provider (CSP form-action
    /// 'self'), and starting changes nothing: the callback links only for the browser that started, as the handler's
    /// state and correlation cookie prove. Linking gives a sign-in to the account: it needs a recent proof (spec §15, the
    /// re-authentication page comes back here) and a session that has not ended (spec §18), here and again at the callback.
    /// </summary>
    [Authorize]
    [RequireReauthentication]
    [HttpGet("/account/{provider}/link")]
    public async Task<IActionResult> Link(string provider)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var properties = new AuthenticationProperties { RedirectUri = CallbackUrl(scheme, AccountPage) };
        properties.Items[ExternalCookie.IntentItem] = ExternalCookie.LinkIntent;
        return Challenge(properties, scheme.Name);
    }

    /// <summary>Where a provider's handler sends a sign-in that was denied or failed; a signed-in person (linking) goes back to /account.</summary>
    [HttpGet("/login/{provider}/failed")]
    public async Task<IActionResult> Failed(string provider, Failure reason)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        return FailedFor(scheme, reason);
    }

    [HttpGet("/{provider}/callback")]
    public async Task<IActionResult> Callback(string provider, string? returnUrl, CancellationToken cancellationToken)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var (pending, signIn, link) = await ExternalCookie.ReadAsync(HttpContext, scheme.Name);
        if (pending is null)
            return FailedFor(scheme, Failure.Expired);
        if (link)
            return await LinkedAsync(scheme, signIn, cancellationToken);
        if (signIn is null) // this callback ran already (a reload): the sign-in was recorded, the bind is waiting
            return Redirect(BindUrl(scheme, LocalOrHome(returnUrl)));

        var result = await logins.RecordLoginAsync(signIn, cancellationToken);
        if (result.Value is { } user)
            return await SignedInAsync(user, returnUrl);
        if (result.Succeeded) // linked to nobody yet
        {
            await ExternalCookie.KeepPendingAsync(HttpContext, pending);
            return Redirect(BindUrl(scheme, LocalOrHome(returnUrl)));
        }
        await ExternalCookie.ForgetAsync(HttpContext);
        return FailedFor(scheme, Failure.Unavailable);
    }

    [HttpGet("/{provider}/bind")]
    public Task<IActionResult> Bind(string provider, string? returnUrl) =>
        WithPendingAsync(provider, (scheme, pending) => Task.FromResult<IActionResult>(BindPage(scheme, pending, returnUrl)));

    /// <summary>The full /register form (the page's form with <c>Accounts:SmsSignUp</c> off; like /register, it stays).</summary>
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/{provider}/bind")]
    public Task<IActionResult> BindNewAccount(string provider, RegisterViewModel model, string? returnUrl, CancellationToken cancellationToken) =>
        NewAccountAsync(provider, model, returnUrl, ExternalLoginMessages.NewAccountLinked, fullForm: true,
            pending => logins.BindNewAccountAsync(pending, model.ToInput(), cancellationToken));

    /// <summary>The page's new account with <c>Accounts:SmsSignUp</c>: phone + SMS code and the terms; a suggested username, no password.</summary>
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/{provider}/bind/phone")]
    public Task<IActionResult> BindNewPhoneAccount(string provider, RegisterViewModel model, string? returnUrl, CancellationToken cancellationToken) =>
        !accounts.Value.SmsSignUp
            ? Task.FromResult<IActionResult>(NotFound())
            : NewAccountAsync(provider, model, returnUrl, ExternalLoginMessages.PhoneAccountLinked, fullForm: false,
                pending => logins.BindNewPhoneAccountAsync(pending, model.Phone, model.Code, model.TermsAccepted, cancellationToken));

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/{provider}/bind/link")]
    public Task<IActionResult> BindExistingAccount(string provider, [Bind(Prefix = "Link")] LoginViewModel link, string? returnUrl,
        CancellationToken cancellationToken) =>
        WithPendingAsync(provider, async (scheme, pending) =>
        {
            if (ModelState.IsValid)
            {
                var result = await logins.BindExistingAccountAsync(pending, link.Login!, link.Password!, cancellationToken);
                if (await LinkedOrErrorAsync(scheme, result, nameof(ExternalBindViewModel.Link), returnUrl) is { } done)
                    return done;
            }
            link.Password = null;
            return BindPage(scheme, pending, returnUrl, link: link);
        });

    /// <summary>
    /// "Send a code" of the code way: a <c>reauth</c> code to the phone of the account named, if there is one; the page
    /// says the same either way (<see cref="ExternalLinkCodes"/>).
    /// </summary>
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/{provider}/bind/link/code")]
    public Task<IActionResult> SendLinkCode(string provider, [Bind(Prefix = "LinkCode")] ExternalLinkCodeViewModel linkCode, string? returnUrl,
        CancellationToken cancellationToken) =>
        WithPendingAsync(provider, async (scheme, pending) =>
        {
            string? notice = null;
            if (ModelState.IsValid)
            {
                var sent = await linkCodes.SendAsync(linkCode.Login!, HttpContext.ClientIp(), cancellationToken);
                if (sent.Succeeded)
                    notice = text[ExternalLoginMessages.CodeOnItsWay].Value;
                else
                    ModelState.AddModelError(nameof(ExternalBindViewModel.LinkCode), text[SmsMessages.For(sent)].Value);
            }
            linkCode.Code = null;
            return BindPage(scheme, pending, returnUrl, linkCode: linkCode, linkCodeNotice: notice);
        });

    /// <summary>Links the account named, proven by the <c>reauth</c> code sent to its phone: the same rules as the password way.</summary>
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("/{provider}/bind/link/sms")]
    public Task<IActionResult> BindExistingAccountWithCode(string provider, [Bind(Prefix = "LinkCode")] ExternalLinkCodeViewModel linkCode,
        string? returnUrl, CancellationToken cancellationToken) =>
        WithPendingAsync(provider, async (scheme, pending) =>
        {
            if (ModelState.IsValid)
            {
                var result = await logins.BindExistingAccountWithCodeAsync(pending, linkCode.Login!, linkCode.Code, cancellationToken);
                if (await LinkedOrErrorAsync(scheme, result, nameof(ExternalBindViewModel.LinkCode), returnUrl) is { } done)
                    return done;
            }
            linkCode.Code = null;
            return BindPage(scheme, pending, returnUrl, linkCode: linkCode);
        });

    /// <summary>A new account and its link; a refusal shows the form that was posted again (<paramref name="fullForm"/>: the /register one).</summary>
    private Task<IActionResult> NewAccountAsync(string provider, RegisterViewModel model, string? returnUrl, string linkedMessage, bool fullForm,
        Func<ExternalPending, Task<Result<DashopUser>>> bind) =>
        WithPendingAsync(provider, async (scheme, pending) =>
        {
            // A field given a value of the wrong type (TermsAccepted=perhaps) is already a field error: the form again.
            if (ModelState.IsValid)
            {
                var result = await bind(pending);
                if (result.Succeeded)
                {
                    TempData["Flash"] = Say(scheme, linkedMessage);
                    return await SignedInAsync(result.Value!, returnUrl);
                }
                if (result.Failure == Failure.Expired)
                    return FailedFor(scheme, Failure.Expired);

                // The new account's own field errors (registration's), else the bind's refusal as a whole.
                if (result.Error == AccountRules.PhoneTaken && !fullForm)
                    ModelState.AddModelError(nameof(RegisterViewModel.Phone), text[ExternalLoginMessages.PhoneHasAccount].Value);
                else if (result.Error is not null)
                    RegisterViewModel.AddErrors(ModelState, result.Errors, text);
                else
                    ModelState.AddModelError("", Say(scheme, ExternalLoginMessages.ForBind(result)));
            }
            model.Password = null;
            return BindPage(scheme, pending, returnUrl, newAccount: model, phoneOnly: !fullForm);
        });

    /// <summary>Runs a bind-page action for the provider's pending sign-in: 404 for a provider that is not registered, /login when none is pending.</summary>
    private async Task<IActionResult> WithPendingAsync(string provider, Func<AuthenticationScheme, ExternalPending, Task<IActionResult>> action)
    {
        if (await SchemeAsync(provider) is not { } scheme)
            return NotFound();
        var (pending, _, _) = await ExternalCookie.ReadAsync(HttpContext, scheme.Name);
        return pending is null ? FailedFor(scheme, Failure.Expired) : await action(scheme, pending);
    }

    /// <summary>Signed in when <paramref name="result"/> linked; the page again (null) with the refusal on <paramref name="field"/>; /login when the pending sign-in expired.</summary>
    private async Task<IActionResult?> LinkedOrErrorAsync(AuthenticationScheme scheme, Result<DashopUser> result, string field, string? returnUrl)
    {
        if (result.Value is { } user)
        {
            TempData["Flash"] = Say(scheme, ExternalLoginMessages.ExistingAccountLinked);
            return await SignedInAsync(user, returnUrl);
        }
        if (result.Failure == Failure.Expired)
            return FailedFor(scheme, Failure.Expired);
        ModelState.AddModelError(field, Say(scheme, ExternalLoginMessages.ForBind(result, byCode: field == nameof(ExternalBindViewModel.LinkCode))));
        return null;
    }

    /// <summary>The bind page; its new-account form is phone + code with <c>Accounts:SmsSignUp</c> unless <paramref name="phoneOnly"/> says otherwise.</summary>
    private ViewResult BindPage(AuthenticationScheme scheme, ExternalPending pending, string? returnUrl, RegisterViewModel? newAccount = null,
        LoginViewModel? link = null, ExternalLinkCodeViewModel? linkCode = null, string? linkCodeNotice = null, bool? phoneOnly = null) =>
        View(nameof(Bind), ExternalBindViewModel.For(scheme, pending, LocalOrHome(returnUrl), Request.Host, phoneOnly ?? accounts.Value.SmsSignUp,
            newAccount, link, linkCode, linkCodeNotice));

    private async Task<IActionResult> LinkedAsync(AuthenticationScheme scheme, ExternalSignIn? signIn, CancellationToken cancellationToken)
    {
        await ExternalCookie.ForgetAsync(HttpContext);
        if (signIn is null) // a reload of the callback: the link was made or refused the first time
            return Redirect(AccountPage);
        // The session may have ended, or its proof expired, while the person was at the provider.
        if (User.Identity?.IsAuthenticated == true && await reauth.RefuseAsync(HttpContext, LinkPath(scheme.Name)) is { } refused)
            return refused;
        var result = User.Identity?.IsAuthenticated == true
            ? await logins.LinkToSignedInAsync(User, signIn, cancellationToken)
            : Result.Fail(Failure.Expired);
        if (result.Failure == Failure.Expired)
            return Redirect("/login");
        if (result.Succeeded)
            TempData["Flash"] = Say(scheme, ExternalLoginMessages.Linked);
        else
            TempData["FlashError"] = Say(scheme, ExternalLoginMessages.ForBind(result));
        return Redirect(AccountPage);
    }

    private RedirectResult FailedFor(AuthenticationScheme scheme, Failure reason)
    {
        var message = Say(scheme, ExternalLoginMessages.ForSignIn(reason));
        if (User.Identity?.IsAuthenticated == true)
        {
            TempData["FlashError"] = message;
            return Redirect(AccountPage);
        }
        TempData["LoginError"] = message;
        return Redirect("/login");
    }

    private async Task<IActionResult> SignedInAsync(DashopUser user, string? returnUrl)
    {
        await ExternalCookie.ForgetAsync(HttpContext);
        await login.SignInAsync(user);
        return LocalRedirect(LocalOrHome(returnUrl));
    }

    /// <summary>A registered sign-in provider (a scheme with a display name, as the login page lists them) named by <paramref name="provider"/>, any case.</summary>
    private async Task<AuthenticationScheme?> SchemeAsync(string provider) =>
        (await ExternalProviders.ListAsync(schemes)).FirstOrDefault(p => string.Equals(p.Scheme, provider, StringComparison.OrdinalIgnoreCase)) is { } found
            ? await schemes.GetSchemeAsync(found.Scheme)
            : null;

    /// <summary>A message about <paramref name="scheme"/>: its name in the page's language, or the lockout's minutes for the lockout message.</summary>
    private string Say(AuthenticationScheme scheme, string key) =>
        key == ExternalLoginMessages.LockedOut
            ? text[key, login.LockoutMinutes].Value
            : text[key, text[scheme.DisplayName ?? scheme.Name].Value].Value;

    private static string CallbackUrl(AuthenticationScheme scheme, string returnUrl) =>
        $"/{scheme.Name.ToLowerInvariant()}/callback?returnUrl={Uri.EscapeDataString(returnUrl)}";

    private static string BindUrl(AuthenticationScheme scheme, string returnUrl) =>
        $"/{scheme.Name.ToLowerInvariant()}/bind?returnUrl={Uri.EscapeDataString(returnUrl)}";

    private string LocalOrHome(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}

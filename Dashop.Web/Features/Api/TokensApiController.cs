using System.Text.Json;
using Dashop.Web.Features.Account;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.Api;

/// <summary>
/// The dadashop front end's login (spec §11): a token for a password (the same lockout, counting and answers as /login)
/// or for a login code, and the token's status for the shop's other services.
/// </summary>
[Route("v1/tokens")]
// The sign-in services are resolved by the actions that use them: the frequent status check needs none of them.
public sealed class TokensApiController(IStringLocalizer<SharedResource> text)
    : FrontEndApiController(text)
{
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("")]
    public async Task<IActionResult> Password([FromBody] TokenRequest request, [FromServices] AccountTokens tokens, [FromServices] LoginService login,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Username) || request.Username.Length > 64)
            return Error(ApiCodes.InvalidField, "username: a username or phone number is required.");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 128)
            return Error(ApiCodes.InvalidField, "password: a password is required.");

        var (outcome, user, token) = await tokens.ForPasswordAsync(request.Username, request.Password, cancellationToken);
        return outcome switch
        {
            LoginOutcome.Succeeded => SignedIn(user!, token!, request.Carts),
            LoginOutcome.LockedOut => Error(ApiCodes.LockedOut, LoginService.LockedOutMessage, login.LockoutMinutes),
            LoginOutcome.Busy => Error(ApiCodes.RateLimited, PasswordMessages.Busy),
            // The failure counter could not be taken: nothing was compared; "try again", like a code that cannot be sent.
            LoginOutcome.Unavailable => Error(ApiCodes.SmsCannotSend, PasswordMessages.TryAgain),
            _ => Error(ApiCodes.WrongPassword, "Wrong username, phone number or password."),
        };
    }

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("sms")]
    public async Task<IActionResult> SmsCode([FromBody] SmsTokenRequest request, [FromServices] AccountTokens tokens, CancellationToken cancellationToken)
    {
        var (outcome, user, token) = await tokens.ForSmsCodeAsync(request.Phone, request.Verify, cancellationToken);
        return outcome switch
        {
            SmsLoginOutcome.Succeeded => SignedIn(user!, token!, request.Carts),
            SmsLoginOutcome.InvalidPhone => Error(ApiCodes.InvalidPhone, SmsMessages.For(SmsIssueOutcome.InvalidPhone)),
            SmsLoginOutcome.Unavailable => Error(ApiCodes.SmsCannotSend, "The code could not be checked right now; please try again shortly."),
            _ => Error(ApiCodes.CodeWrong, "Verification code is wrong or has expired."),
        };
    }

    /// <summary>The token is the whole <c>Authorization</c> value, as the dadashop front end sends it; <c>Bearer</c> works too.</summary>
    [HttpGet("status")]
    public async Task<IActionResult> Status([FromServices] TokenStatus status, CancellationToken cancellationToken) =>
        await status.UsernameAsync(Request.Headers.Authorization.ToString(), HttpContext.RequestServices, cancellationToken) is { } username
            ? Ok(new { code = ApiCodes.Ok, username })
            : Error(ApiCodes.TokenInvalid, "The token has expired, has ended or is unknown.");

    private OkObjectResult SignedIn(DashopUser user, string token, JsonElement? carts) =>
        Ok(new { code = ApiCodes.Ok, username = user.UserName, data = new { token }, carts_count = Carts.Count(carts) });
}

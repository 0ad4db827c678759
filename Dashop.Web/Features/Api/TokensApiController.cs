using System.Text.Json;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Dashop.Web.Infrastructure.Results;

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
    [ApiCall("logIn", "Sign in with a username or phone and a password", ApiCodes.SmsCannotSend, ApiCodes.RateLimited, ApiCodes.InvalidField,
        ApiCodes.WrongPassword, ApiCodes.LockedOut,
        Description = "The same lockout and counting as the /login page. 10120 never says whether the account exists; 10116 also when every "
            + "password-hashing slot is busy; 10110 when the failure counter is unavailable (nothing was compared: try again).",
        SuccessExample = """{"code":200,"username":"xiaoming","data":{"token":"eyJhbGciOiJIUzI1NiIs..."},"carts_count":0}""")]
    public async Task<IActionResult> Password([FromBody] TokenRequest request, [FromServices] AccountTokens tokens, [FromServices] LoginService login,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Username) || request.Username.Length > 64)
            return Error(ApiCodes.InvalidField, "username: a username or phone number is required.");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 128)
            return Error(ApiCodes.InvalidField, "password: a password is required.");

        var result = await tokens.ForPasswordAsync(request.Username, request.Password, request.Device, cancellationToken);
        return result.Failure switch
        {
            null => SignedIn(result.Value!.User, result.Value.Token, request.Carts),
            Failure.LockedOut => Error(ApiCodes.LockedOut, LoginService.LockedOutMessage, login.LockoutMinutes),
            Failure.Busy => Error(ApiCodes.RateLimited, PasswordMessages.Busy),
            // The failure counter could not be taken: nothing was compared; "try again", like a code that cannot be sent.
            Failure.Unavailable => Error(ApiCodes.SmsCannotSend, PasswordMessages.TryAgain),
            _ => Error(ApiCodes.WrongPassword, "Wrong username, phone number or password."),
        };
    }

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("sms")]
    [ApiCall("logInWithSmsCode", "Sign in, or sign up, with a login code sent by SMS", ApiCodes.SmsCannotSend, ApiCodes.CodeWrong, ApiCodes.InvalidPhone,
        ApiCodes.NoAccount, ApiCodes.Taken,
        Description = "`verify` is a code of purpose `login` (`sendSmsCode`). The code is used up, and the password lockout is cleared. With "
            + "`Accounts:SmsSignUp` (on by default) a right code for a phone with no account answers 10124 unless `terms_accepted` is `true`; "
            + "the code stays valid for that retry, which creates the account (a suggested username `user_` and 8 characters, no password, "
            + "no e-mail address) and answers like a sign-in. `terms_accepted` must be a JSON boolean (another type is HTTP 400 naming it). "
            + "10115 for a phone that is not a valid mobile; 10117 when the phone got an account in the same instant. With the switch "
            + "off, 10112 also for a phone with no account.",
        SuccessExample = """{"code":200,"username":"xiaoming","data":{"token":"eyJhbGciOiJIUzI1NiIs...","device":"..."},"carts_count":0}""")]
    public async Task<IActionResult> SmsCode([FromBody] SmsTokenRequest request, [FromServices] AccountTokens tokens,
        [FromServices] SmsSignUpService signUp, CancellationToken cancellationToken)
    {
        var result = await tokens.ForSmsCodeAsync(request.Phone, request.Verify, request.Device, cancellationToken);
        if (result.Value is { User: null } proven)
        {
            if (request.TermsAccepted != true)
                return Error(ApiCodes.NoAccount, "No account: accept the terms to create one.");
            var created = await signUp.SignUpWithSuggestedNameAsync(proven.PhoneE164, cancellationToken);
            if (!created.Succeeded)
                return Error(ApiResponses.RegistrationCode(created.Failure), ApiResponses.FieldMessage(Text, created.Error!));
            return SignedIn(created.Value!, await tokens.ForNewAccountAsync(created.Value!, request.Device, cancellationToken), request.Carts);
        }
        return result.Failure switch
        {
            null => SignedIn(result.Value!.User!, result.Value.Token!, request.Carts),
            Failure.Invalid => Error(ApiCodes.InvalidPhone, SmsMessages.InvalidPhone),
            Failure.Unavailable => Error(ApiCodes.SmsCannotSend, "The code could not be checked right now; please try again shortly."),
            _ => Error(ApiCodes.CodeWrong, AccountRules.CodeWrongMessage),
        };
    }

    /// <summary>The token is the whole <c>Authorization</c> value, as the dadashop front end sends it; <c>Bearer</c> works too.</summary>
    [HttpGet("status")]
    [ApiCall("tokenStatus", "Tell whose a token is, while it is valid", ApiCodes.TokenInvalid, Token = true,
        Description = "For the shop's other services. A token ends when it expires (`Jwt:Lifetime`) and when its account's password is reset, "
            + "it signs out everywhere or is deleted.",
        SuccessExample = """{"code":200,"username":"xiaoming"}""")]
    public async Task<IActionResult> Status([FromServices] TokenStatus status, CancellationToken cancellationToken) =>
        await status.UsernameAsync(Request.Headers.Authorization.ToString(), HttpContext.RequestServices, cancellationToken) is { } username
            ? Ok(new { code = ApiCodes.Ok, username })
            : Error(ApiCodes.TokenInvalid, "The token has expired, has ended or is unknown.");

    private OkObjectResult SignedIn(DashopUser user, AccountToken token, JsonElement? carts) =>
        Ok(new { code = ApiCodes.Ok, username = user.UserName, data = new { token = token.Token, device = token.Device }, carts_count = Carts.Count(carts) });
}

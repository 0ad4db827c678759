using Microsoft.AspNetCore.RateLimiting;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Api;

/// <summary>The dadashop front end's account calls (spec §4). Same services as the Razor pages.</summary>
[Route("v1/users")]
public sealed class UsersApiController(
    SmsCodeService codes,
    JwtTokenService tokens,
    IStringLocalizer<SharedResource> text) : FrontEndApiController(text)
{
    [HttpPost("sms/code")]
    [ApiCall("sendSmsCode", "Send an SMS verification code to a phone", ApiCodes.SmsCannotSend, ApiCodes.SmsCooldown, ApiCodes.InvalidPhone,
        ApiCodes.RateLimited, ApiCodes.InvalidField,
        Description = "`purpose` is `register` (the default), `login` or `reset`; reset codes reach only a phone that has an account (login codes too "
            + "when `Accounts:SmsSignUp` is off: otherwise a login code to a new phone signs up), "
            + "and the answer does not tell whether it has one. One code per phone per `Sms:ResendCooldownSeconds`; limits per phone, "
            + "per client address and for the whole site (10116, or 10110 for the site-wide cap).",
        SuccessExample = """{"code":200,"data":"發送成功"}""")]
    public async Task<IActionResult> SendCode([FromBody] SmsCodeRequest request, CancellationToken cancellationToken)
    {
        // change_phone and reauth codes are asked for from the account pages only, where the person is signed in.
        if ((request.Purpose is null ? SmsPurpose.Register : SmsPurposes.Parse(request.Purpose)) is not { } purpose || purpose.SignedInOnly())
            return Error(ApiCodes.InvalidField, "purpose: must be register, login or reset.");
        var result = await codes.IssueAsync(request.Phone, HttpContext.ClientIp(), purpose, request.Device, cancellationToken);
        return result.Failure switch
        {
            null => Ok(new { code = ApiCodes.Ok, data = "發送成功" }),
            Failure.Limited when result.RetryAfter is not null => Error(ApiCodes.SmsCooldown, SmsMessages.For(result)),
            Failure.Invalid => Error(ApiCodes.InvalidPhone, SmsMessages.For(result)),
            Failure.Limited => Error(ApiCodes.RateLimited, SmsMessages.For(result)),
            _ => Error(ApiCodes.SmsCannotSend, SmsMessages.For(result)),
        };
    }

    // RegistrationService brings a DbContext and a UserManager: resolved for this action only, so that the
    // busiest call, sms/code, does not build them on every request.
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("")]
    [ApiCall("register", "Create an account proven by an SMS code, and sign in", ApiCodes.SmsCannotSend, ApiCodes.CodeWrong, ApiCodes.RateLimited,
        ApiCodes.Taken, ApiCodes.InvalidField,
        Description = "`verify` is the code of `sendSmsCode` (purpose `register`) for `phone`. Without `terms_accepted` the front end's own "
            + "page is where the person agreed; `false` is 10118 and creates nothing. `carts` is only counted into `carts_count`.",
        SuccessExample = """{"code":200,"username":"xiaoming","data":{"token":"eyJhbGciOiJIUzI1NiIs..."},"carts_count":2}""")]
    public async Task<IActionResult> Register([FromBody] RegisterRequest request, [FromServices] RegistrationService registration,
        CancellationToken cancellationToken)
    {
        // The seed's front end sends no terms_accepted: its registration page is where the person agrees (docs/CONTRACT.md).
        var input = new AccountInput(request.Uname, request.Password, request.Phone, request.Email, request.Verify, request.TermsAccepted ?? true);
        var result = await registration.RegisterAsync(input, cancellationToken: cancellationToken);
        if (result.Succeeded)
        {
            var username = result.Value!.UserName!;
            return Ok(new
            {
                code = ApiCodes.Ok,
                username,
                data = new { token = tokens.Create(result.Value) },
                carts_count = Carts.Count(request.Carts),
            });
        }
        return Error(ApiResponses.RegistrationCode(result.Failure), ApiResponses.FieldMessage(Text, result.Error!, usernameField: "uname"));
    }
}

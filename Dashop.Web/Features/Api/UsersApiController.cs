using Microsoft.AspNetCore.RateLimiting;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.Api;

/// <summary>The dadashop front end's account calls (spec §4). Same services as the Razor pages.</summary>
[Route("v1/users")]
public sealed class UsersApiController(
    SmsCodeService codes,
    JwtTokenService tokens,
    IStringLocalizer<SharedResource> text) : FrontEndApiController(text)
{
    [HttpPost("sms/code")]
    public async Task<IActionResult> SendCode([FromBody] SmsCodeRequest request, CancellationToken cancellationToken)
    {
        // change_phone and reauth codes are asked for from the account pages only, where the person is signed in.
        if ((request.Purpose is null ? SmsPurpose.Register : SmsPurposes.Parse(request.Purpose)) is not { } purpose || purpose.SignedInOnly())
            return Error(ApiCodes.InvalidField, "purpose: must be register, login or reset.");
        var result = await codes.IssueAsync(request.Phone, HttpContext.ClientIp(), purpose, request.Device, cancellationToken);
        return result.Outcome switch
        {
            SmsIssueOutcome.Accepted => Ok(new { code = ApiCodes.Ok, data = "發送成功" }),
            SmsIssueOutcome.Cooldown => Error(ApiCodes.SmsCooldown, SmsMessages.For(result.Outcome)),
            SmsIssueOutcome.InvalidPhone => Error(ApiCodes.InvalidPhone, SmsMessages.For(result.Outcome)),
            SmsIssueOutcome.RateLimited => Error(ApiCodes.RateLimited, SmsMessages.For(result.Outcome)),
            _ => Error(ApiCodes.SmsCannotSend, SmsMessages.For(result.Outcome)),
        };
    }

    // RegistrationService brings a DbContext and a UserManager: resolved for this action only, so that the
    // busiest call, sms/code, does not build them on every request.
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("")]
    public async Task<IActionResult> Register([FromBody] RegisterRequest request, [FromServices] RegistrationService registration,
        CancellationToken cancellationToken)
    {
        // The seed's front end sends no terms_accepted: its registration page is where the person agrees (docs/CONTRACT.md).
        var input = new AccountInput(request.Uname, request.Password, request.Phone, request.Email, request.Verify, request.TermsAccepted ?? true);
        var result = await registration.RegisterAsync(input, cancellationToken: cancellationToken);
        if (result.Succeeded)
        {
            var username = result.User!.UserName!;
            return Ok(new
            {
                code = ApiCodes.Ok,
                username,
                data = new { token = tokens.Create(result.User) },
                carts_count = Carts.Count(request.Carts),
            });
        }
        return Error(ApiResponses.RegistrationCode(result.Error), ApiResponses.FieldMessage(Text, result.Field!, usernameField: "uname"));
    }
}

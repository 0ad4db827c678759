using Dashop.Web.Features.PasswordReset;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Results;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.Api;

/// <summary>A forgotten password from the dadashop front end (spec §11): the phone's reset code and a new password.</summary>
[Route("v1/users")]
public sealed class PasswordApiController(PasswordResetService resets, IStringLocalizer<SharedResource> text) : FrontEndApiController(text)
{
    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("password")]
    [ApiCall("resetPassword", "Set a new password with a reset code sent by SMS", ApiCodes.SmsCannotSend, ApiCodes.CodeWrong, ApiCodes.RateLimited,
        ApiCodes.InvalidField,
        Description = "`verify` is a code of purpose `reset` (`sendSmsCode`) for `phone`. Every token and session of the account ends.")]
    public async Task<IActionResult> Reset([FromBody] PasswordResetRequest request, CancellationToken cancellationToken)
    {
        var result = await resets.ResetWithCodeAsync(request.Phone, request.Verify, request.Password, cancellationToken);
        return result.Failure switch
        {
            null => Ok(new { code = ApiCodes.Ok }),
            Failure.Invalid => Error(ApiCodes.InvalidField, ApiResponses.FieldMessage(Text, result.Error!)),
            Failure.Busy => Error(ApiCodes.RateLimited, PasswordMessages.Busy),
            Failure.Unavailable => Error(ApiCodes.SmsCannotSend, "Your password could not be changed right now; please try again shortly."),
            _ => Error(ApiCodes.CodeWrong, AccountRules.CodeWrongMessage),
        };
    }
}

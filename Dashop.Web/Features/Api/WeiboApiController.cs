using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.RateLimiting;
using System.Text.Json;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.WeiboLogin;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Api;

/// <summary>The dadashop front end's Weibo login (spec §4), on the same Weibo client and binding service as the pages.</summary>
[Route("v1/users/weibo")]
public sealed class WeiboApiController(
    WeiboFrontEndLogin weibo,
    JwtTokenService tokens,
    IOptions<IdentityOptions> identity,
    IStringLocalizer<SharedResource> text) : FrontEndApiController(text)
{
    [EnableRateLimiting(WeiboExtensions.AuthorizationRateLimit)]
    [HttpGet("authorization")]
    [ApiCall("weiboAuthorization", "Start a Weibo sign-in: the address to send the browser to", ApiCodes.WeiboUnavailable,
        Description = "The front end keeps `nonce` and sends it back with Weibo's `code` and `state` to `weiboLogin` (docs/weibo-login.md).",
        SuccessExample = """{"code":200,"oauth_url":"https://api.weibo.com/oauth2/authorize?client_id=...&state=...","nonce":"q9Xw..."}""")]
    public IActionResult Authorization() =>
        weibo.Authorization() is var (url, nonce)
            ? Ok(new { code = ApiCodes.Ok, oauth_url = url, nonce })
            : Error(ApiCodes.WeiboUnavailable, WeiboMessages.Unavailable);

    [HttpGet("users")]
    [ApiCall("weiboLogin", "Finish a Weibo sign-in with Weibo's code", ApiCodes.WeiboNotBound, ApiCodes.CodeWrong, ApiCodes.WeiboUnavailable,
        ApiCodes.TicketInvalid,
        Description = "A bound Weibo account signs in (200 with `token`). One not bound yet answers 201 with `uid`, a signed ticket of 10 "
            + "minutes for `weiboBind`; the raw Weibo uid is never shown or accepted. 10112: no `code`; 10119: `state` or `nonce` invalid, "
            + "expired or reused; 10113: Weibo refused or is unavailable, or the account is locked out.",
        SuccessExample = """{"code":200,"username":"xiaoming","token":"eyJhbGciOiJIUzI1NiIs..."}""")]
    public async Task<IActionResult> Login([FromQuery] string? code, [FromQuery] string? state, [FromQuery] string? nonce, CancellationToken cancellationToken)
    {
        var result = await weibo.LoginAsync(code, state, nonce, cancellationToken);
        return result.Failure switch
        {
            null when result.Value!.User is { } user => SignedIn(user),
            null => Ok(new { code = ApiCodes.WeiboNotBound, uid = result.Value.Ticket }),
            Failure.Invalid => Error(ApiCodes.CodeWrong, "The Weibo authorization code is missing."),
            Failure.Forged => Error(ApiCodes.TicketInvalid, WeiboMessages.Forged),
            Failure.LockedOut => Error(ApiCodes.WeiboUnavailable, WeiboMessages.LockedOut,
                (int)Math.Ceiling(identity.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes)),
            _ => Error(ApiCodes.WeiboUnavailable, WeiboMessages.Unavailable),
        };
    }

    [EnableRateLimiting(RateLimits.Passwords)]
    [HttpPost("users")]
    [ApiCall("weiboBind", "Create an account for a Weibo sign-in that is not bound yet", ApiCodes.SmsCannotSend, ApiCodes.CodeWrong,
        ApiCodes.WeiboUnavailable, ApiCodes.DatabaseError, ApiCodes.RateLimited, ApiCodes.Taken, ApiCodes.InvalidField, ApiCodes.TicketInvalid,
        Description = "`uid` is the ticket of the 201 answer of `weiboLogin`; anything else there is 10119. The phone is proven with an SMS "
            + "code (`verify`, purpose `register`) as in `register`.",
        SuccessExample = """{"code":200,"username":"xiaoming","token":"eyJhbGciOiJIUzI1NiIs..."}""")]
    public async Task<IActionResult> Bind([FromBody] WeiboBindRequest request, CancellationToken cancellationToken)
    {
        var ticket = request.Uid is { ValueKind: JsonValueKind.String } uid ? uid.GetString() : null;
        var input = new AccountInput(request.Username, request.Password, request.Phone, request.Email, request.Verify, request.TermsAccepted ?? true);
        var result = await weibo.BindNewAccountAsync(ticket, input, cancellationToken);
        // The new account's own field errors (registration's) answer as /v1/users does; the bind's refusals have their codes.
        var refused = result.WithoutValue();
        return result.Failure switch
        {
            null => SignedIn(result.Value!),
            _ when result.Error is { } field => Error(ApiResponses.RegistrationCode(result.Failure),
                ApiResponses.FieldMessage(Text, field, usernameField: "username")),
            Failure.Expired => Error(ApiCodes.TicketInvalid, WeiboMessages.TicketInvalid),
            Failure.Taken => Error(ApiCodes.Taken, WeiboMessages.For(refused)),
            Failure.Unavailable when !WeiboMessages.IsDatabase(refused) => Error(ApiCodes.WeiboUnavailable, WeiboMessages.For(refused)),
            Failure.Busy => Error(ApiCodes.RateLimited, WeiboMessages.For(refused)),
            _ => Error(ApiCodes.DatabaseError, WeiboMessages.For(refused)),
        };
    }

    private OkObjectResult SignedIn(DashopUser user) => Ok(new { code = ApiCodes.Ok, username = user.UserName, token = tokens.Create(user) });
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.Api;

public sealed record SmsCodeRequest([property: JsonPropertyName("phone")] string? Phone);

public sealed record RegisterRequest(
    [property: JsonPropertyName("uname")] string? Uname,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("verify")] string? Verify,
    [property: JsonPropertyName("carts")] JsonElement? Carts);

/// <summary>The dadashop front end's account calls (spec §4). Same services as the Razor pages.</summary>
[ApiController]
[Route("v1/users")]
[IgnoreAntiforgeryToken]
[EnableCors(WebExtensions.FrontEndCorsPolicy)]
[RequestSizeLimit(ApiLimits.MaxBodyBytes)]
[Produces("application/json")]
public sealed class UsersApiController(
    SmsCodeService codes,
    JwtTokenService tokens,
    IStringLocalizer<SharedResource> text) : ControllerBase
{
    [HttpPost("sms/code")]
    public async Task<IActionResult> SendCode([FromBody] SmsCodeRequest request, CancellationToken cancellationToken)
    {
        var result = await codes.IssueAsync(request.Phone, HttpContext.ClientIp(), cancellationToken);
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
    [HttpPost("")]
    public async Task<IActionResult> Register([FromBody] RegisterRequest request, [FromServices] RegistrationService registration,
        CancellationToken cancellationToken)
    {
        var input = new AccountInput(request.Uname, request.Password, request.Phone, request.Email, request.Verify);
        var result = await registration.RegisterAsync(input, cancellationToken: cancellationToken);
        if (result.Succeeded)
        {
            var username = result.User!.UserName!;
            return Ok(new
            {
                code = ApiCodes.Ok,
                username,
                data = new { token = tokens.Create(username) },
                carts_count = CartCount(request.Carts),
            });
        }
        return Error(RegistrationCode(result.Error), FieldMessage(result.Field!));
    }

    internal static int RegistrationCode(RegistrationError error) => error switch
    {
        RegistrationError.Taken => ApiCodes.Taken,
        RegistrationError.CodeInvalid => ApiCodes.CodeWrong,
        RegistrationError.Unavailable => ApiCodes.SmsCannotSend,
        _ => ApiCodes.InvalidField,
    };

    internal string FieldMessage(FieldError error) =>
        error.Field == "verify" ? text[error.Message] : $"{ApiFieldName(error.Field)}: {text[error.Message]}";

    private static string ApiFieldName(string field) => field == "username" ? "uname" : field;

    private OkObjectResult Error(int code, string message) => Ok(ApiResponses.Envelope(code, text[message]));

    /// <summary>The seed's front end sends its local cart as a JSON string (or null).</summary>
    private static int CartCount(JsonElement? carts)
    {
        if (carts is not { } element)
            return 0;
        if (element.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var parsed = JsonDocument.Parse(element.GetString() ?? "null", new JsonDocumentOptions { MaxDepth = 8 });
                return Count(parsed.RootElement);
            }
            catch (JsonException)
            {
                return 0;
            }
        }
        return Count(element);

        static int Count(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Array => e.GetArrayLength(),
            JsonValueKind.Object => e.EnumerateObject().Count(),
            _ => 0,
        };
    }
}

public static class ApiLimits
{
    public const int MaxBodyBytes = 16 * 1024;
}

using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.Api;

/// <summary>
/// What every /v1 controller is (spec §4): JSON for the dadashop front end on another origin (its CORS policy, no
/// antiforgery cookie), small bodies, and failures as HTTP 200 with a <c>code</c> and a localized message.
/// </summary>
[ApiController]
[IgnoreAntiforgeryToken]
[EnableCors(ApiExtensions.FrontEndCorsPolicy)]
[JsonBody]
[RequestSizeLimit(ApiLimits.MaxBodyBytes)]
[Produces("application/json")]
public abstract class FrontEndApiController(IStringLocalizer<SharedResource> text) : ControllerBase
{
    protected IStringLocalizer<SharedResource> Text => text;

    /// <summary>A refusal in the envelope; <paramref name="message"/> is an English resource key, formatted with <paramref name="arguments"/>.</summary>
    protected OkObjectResult Error(int code, string message, params object[] arguments) => Ok(ApiResponses.Envelope(code, text[message, arguments]));
}

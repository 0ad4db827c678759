using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Legal;

/// <summary>The terms of service and the privacy policy that the sign-up checkbox links to.</summary>
public sealed class LegalController(IOptions<LegalOptions> options) : Controller
{
    [HttpGet("/terms")]
    public IActionResult Terms() => View(options.Value);

    [HttpGet("/privacy")]
    public IActionResult Privacy() => View(options.Value);
}

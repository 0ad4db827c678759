using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Dashop.Web.Features.Admin;

/// <summary>The administrator's view of every dependency and of the deliveries; the page refreshes its content every 10 s.</summary>
[Authorize(Policy = AdminExtensions.PolicyName)]
[Route("admin/health")]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class HealthController(HealthPageService page) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View("Health", await page.BuildAsync(cancellationToken));

    /// <summary>The page's content alone, fetched by wwwroot/js/admin-health.js.</summary>
    [HttpGet("content")]
    public async Task<IActionResult> Refresh(CancellationToken cancellationToken) =>
        PartialView("_HealthContent", await page.BuildAsync(cancellationToken));
}

using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Dashop.Web.Features.DevInbox;

/// <summary>Development's phone and mailbox. Not routed at all outside Development (see Program).</summary>
[DevelopmentOnly]
[Route("dev/inbox")]
public sealed class DevInboxController(DevInboxStore inbox) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new DevInboxViewModel(await inbox.ListSmsAsync(50, cancellationToken), await inbox.ListEmailsAsync(50, cancellationToken)));
}

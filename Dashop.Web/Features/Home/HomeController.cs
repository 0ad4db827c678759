using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dashop.Web.Features.Home;

public sealed class HomeController(UserManager<DashopUser> users) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var user = User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(User) : null;
        return View(user);
    }

    [Route("/error/{status:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error(int status)
    {
        ViewData["Status"] = status;
        return View();
    }
}

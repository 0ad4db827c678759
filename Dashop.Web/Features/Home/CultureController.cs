using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Dashop.Web.Features.Home;

/// <summary>The language switch of the layout: the choice is kept in the culture cookie, which wins over Accept-Language.</summary>
public sealed class CultureController : Controller
{
    [HttpPost("/culture")]
    public IActionResult Set([FromForm] string? culture, [FromForm] string? returnUrl)
    {
        var chosen = LocalizationExtensions.Cultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
            return BadRequest("culture must be one of: " + string.Join(", ", LocalizationExtensions.Cultures.Select(c => c.Name)));
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = Request.IsHttps,
                Path = "/",
            });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}

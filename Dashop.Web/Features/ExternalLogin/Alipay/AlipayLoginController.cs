using Dashop.Web.Features.ExternalLogin.Providers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>"Log in with Alipay" on /login (404 when Alipay is not registered), and where a failed Alipay login is explained.</summary>
public sealed class AlipayLoginController(IAuthenticationSchemeProvider schemes, IStringLocalizer<SharedResource> text) : ProviderLoginController(schemes, text)
{
    [HttpGet("/login/alipay")]
    public Task<IActionResult> Start(string? returnUrl) => StartAsync(AlipayDefaults.Scheme, returnUrl);

    [HttpGet("/login/alipay/failed")]
    public Task<IActionResult> Failed(ProviderLoginFailure reason) => FailedAsync(AlipayDefaults.Scheme, reason);
}

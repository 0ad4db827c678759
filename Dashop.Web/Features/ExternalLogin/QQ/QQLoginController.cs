using Dashop.Web.Features.ExternalLogin.Providers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>"Log in with QQ" on /login (404 when QQ is not registered), and where a failed QQ login is explained.</summary>
public sealed class QQLoginController(IAuthenticationSchemeProvider schemes, IStringLocalizer<SharedResource> text) : ProviderLoginController(schemes, text)
{
    [HttpGet("/login/qq")]
    public Task<IActionResult> Start(string? returnUrl) => StartAsync(QQDefaults.Scheme, returnUrl);

    [HttpGet("/login/qq/failed")]
    public Task<IActionResult> Failed(ProviderLoginFailure reason) => FailedAsync(QQDefaults.Scheme, reason);
}

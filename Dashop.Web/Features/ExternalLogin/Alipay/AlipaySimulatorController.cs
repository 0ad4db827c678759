using Dashop.Web.Features.ExternalLogin.Providers;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>The Alipay simulator's endpoints (Development only: not routed at all elsewhere), at Alipay's paths under /dev/alipay.</summary>
[DevelopmentOnly]
[Route(AlipaySimulator.BasePath)]
public sealed class AlipaySimulatorController(AlipaySimulator simulator) : Controller
{
    private const string AuthorizePath = AlipaySimulator.BasePath + "/oauth2/publicAppAuthorize.htm";

    [HttpGet("oauth2/publicAppAuthorize.htm")]
    public IActionResult Authorize(string? app_id, string? scope, string? redirect_uri, string? state, string? name)
    {
        var problem = simulator.AuthorizeProblem(app_id, scope, redirect_uri, Request);
        if (problem is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        var parameters = new Dictionary<string, string?> { ["app_id"] = app_id, ["scope"] = scope, ["redirect_uri"] = redirect_uri, ["state"] = state };
        return View(SimulatorPageViewModel.ViewPath,
            Simulators.Page(AlipayDefaults.DisplayName, problem, AuthorizePath, AuthorizePath + "/grant", parameters, AlipaySimulator.People, AlipaySimulator.Find(name)));
    }

    /// <summary>The person approves: back to the app as Alipay sends it, with <c>app_id</c>, <c>source</c>, <c>scope</c>, <c>auth_code</c> and <c>state</c>.</summary>
    [HttpGet("oauth2/publicAppAuthorize.htm/grant")]
    public async Task<IActionResult> Grant(string? app_id, string? scope, string? redirect_uri, string? state, string? name, CancellationToken cancellationToken)
    {
        if (simulator.AuthorizeProblem(app_id, scope, redirect_uri, Request) is not null || AlipaySimulator.Find(name) is not { } person)
            return BadRequest();
        var back = new Dictionary<string, string?>
        {
            ["app_id"] = app_id,
            ["source"] = "alipay_wallet",
            ["scope"] = scope,
            ["auth_code"] = await simulator.IssueCodeAsync(person, redirect_uri!, cancellationToken),
        };
        if (!string.IsNullOrEmpty(state))
            back["state"] = state;
        return Redirect(QueryHelpers.AddQueryString(redirect_uri!, back));
    }

    /// <summary>The gateway takes its parameters from the query string and a form body alike.</summary>
    [HttpGet("gateway.do")]
    [HttpPost("gateway.do")]
    [IgnoreAntiforgeryToken]
    [RequestSizeLimit(16384)]
    public async Task<IActionResult> Gateway(CancellationToken cancellationToken)
    {
        var parameters = Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        if (Request.HasFormContentType)
            foreach (var (key, value) in await Request.ReadFormAsync(cancellationToken))
                parameters[key] = value.ToString();
        return Content(await simulator.GatewayAsync(parameters, cancellationToken), "text/html;charset=utf-8");
    }

    [HttpGet("avatar/{userId}.svg")]
    public IActionResult Avatar(string userId) => !AlipayClient.IdPattern().IsMatch(userId) ? NotFound() :
        Content($"""<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#1677ff"/><text x="20" y="26" font-size="14" text-anchor="middle" fill="#fff">{userId[^2..]}</text></svg>""", "image/svg+xml");
}

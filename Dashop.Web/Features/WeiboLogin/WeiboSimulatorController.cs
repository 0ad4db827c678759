using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// The Weibo simulator's endpoints (Development only: not routed at all elsewhere). Picking an account is a plain link,
/// never a form, because the site's CSP (<c>form-action 'self'</c>) would stop a form that ends on another origin.
/// </summary>
[DevelopmentOnly]
[Route("dev/weibo")]
public sealed class WeiboSimulatorController(WeiboSimulator simulator) : Controller
{
    [HttpGet("oauth2/authorize")]
    public IActionResult Authorize(string? client_id, string? redirect_uri, string? response_type, string? state, string? name)
    {
        var model = new SimulatorAuthorizeViewModel
        {
            Problem = simulator.AuthorizeProblem(client_id, response_type, redirect_uri, Request),
            ClientId = client_id,
            RedirectUri = redirect_uri,
            State = state,
            Accounts = string.IsNullOrWhiteSpace(name) || name.Trim().Length > 30
                ? WeiboSimulator.Accounts
                : [WeiboSimulator.Named(name), .. WeiboSimulator.Accounts],
        };
        if (model.Problem is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("SimulatorAuthorize", model);
    }

    [HttpGet("oauth2/authorize/grant")]
    public async Task<IActionResult> Grant(string? client_id, string? redirect_uri, string? state, string? uid, string? name, CancellationToken cancellationToken)
    {
        if (simulator.AuthorizeProblem(client_id, "code", redirect_uri, Request) is not null || WeiboSimulator.Find(uid, name) is not { } account)
            return BadRequest();
        var code = await simulator.IssueCodeAsync(account, redirect_uri!, cancellationToken);
        return Redirect(QueryHelpers.AddQueryString(redirect_uri!, WithState(state, new() { ["code"] = code })));
    }

    /// <summary>"Cancel" on Weibo's page: the browser goes back with error=access_denied, as Weibo sends it.</summary>
    [HttpGet("oauth2/authorize/deny")]
    public IActionResult Deny(string? client_id, string? redirect_uri, string? state)
    {
        if (simulator.AuthorizeProblem(client_id, "code", redirect_uri, Request) is not null)
            return BadRequest();
        return Redirect(QueryHelpers.AddQueryString(redirect_uri!, WithState(state, new()
        {
            ["error_uri"] = "/oauth2/authorize",
            ["error"] = "access_denied",
            ["error_description"] = "user denied your request.",
            ["error_code"] = "21330",
        })));
    }

    [HttpPost("oauth2/access_token")]
    [IgnoreAntiforgeryToken]
    [RequestSizeLimit(8192)]
    public async Task<IActionResult> AccessToken(CancellationToken cancellationToken) =>
        Answer(Request.HasFormContentType
            ? await simulator.ExchangeAsync(await Request.ReadFormAsync(cancellationToken), cancellationToken)
            : SimulatorAnswer.Error(21323, "invalid_request", "the parameters must be a form", "/oauth2/access_token"));

    [HttpGet("2/users/show.json")]
    public IActionResult Show(string? access_token, string? uid) => Answer(simulator.Show(access_token, uid));

    [HttpPost("oauth2/get_token_info")]
    [IgnoreAntiforgeryToken]
    [RequestSizeLimit(8192)]
    public async Task<IActionResult> TokenInfo(CancellationToken cancellationToken) =>
        Answer(simulator.TokenInfo(Request.HasFormContentType ? (await Request.ReadFormAsync(cancellationToken))["access_token"].ToString() : null));

    [HttpGet("avatar/{uid}.svg")]
    public IActionResult Avatar(string uid) => !WeiboClient.UidPattern().IsMatch(uid) ? NotFound() :
        Content($"""<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><rect width="50" height="50" fill="#e6162d"/><text x="25" y="32" font-size="16" text-anchor="middle" fill="#fff">{uid[^2..]}</text></svg>""", "image/svg+xml");

    private static Dictionary<string, string?> WithState(string? state, Dictionary<string, string?> parameters)
    {
        if (!string.IsNullOrEmpty(state))
            parameters["state"] = state;
        return parameters;
    }

    private JsonResult Answer(SimulatorAnswer answer) => new(answer.Body) { StatusCode = answer.Status };
}

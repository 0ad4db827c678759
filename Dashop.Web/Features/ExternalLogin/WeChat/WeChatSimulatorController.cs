using System.Text.Json;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.WeChat;

/// <summary>
/// The WeChat simulator's endpoints (Development only: not routed at all elsewhere). Picking a person is a plain link,
/// never a form, because the site's CSP (<c>form-action 'self'</c>) would stop a form that ends on another origin.
/// </summary>
[DevelopmentOnly]
[Route("dev/wechat")]
public sealed class WeChatSimulatorController(WeChatSimulator simulator, IOptions<AppOptions> app) : Controller
{
    /// <summary>The QR page of the website app (on a phone, WeChat scans it; here, pick who scans).</summary>
    [HttpGet("connect/qrconnect")]
    public IActionResult QrConnect(string? appid, string? redirect_uri, string? response_type, string? scope, string? state, string? name) =>
        AuthorizePage(appid, redirect_uri, response_type, scope, state, name, inApp: false);

    /// <summary>The Official Account's authorization inside WeChat's browser.</summary>
    [HttpGet("connect/oauth2/authorize")]
    public IActionResult InApp(string? appid, string? redirect_uri, string? response_type, string? scope, string? state, string? name) =>
        AuthorizePage(appid, redirect_uri, response_type, scope, state, name, inApp: true);

    [HttpGet("connect/grant")]
    public async Task<IActionResult> Grant(string? appid, string? redirect_uri, string? scope, string? state, string? name, CancellationToken cancellationToken)
    {
        if (WeChatSimulator.AuthorizeProblem(appid, "code", scope, redirect_uri, Request, app.Value.PublicBaseUrl) is not null
            || string.IsNullOrWhiteSpace(name) || name.Trim().Length > 30)
            return BadRequest();
        var code = await simulator.IssueCodeAsync(appid!, name.Trim(), cancellationToken);
        return Redirect(QueryHelpers.AddQueryString(redirect_uri!, WithState(state, new() { ["code"] = code })));
    }

    /// <summary>"Deny" on WeChat's page: WeChat sends the browser back with the state and no code.</summary>
    [HttpGet("connect/deny")]
    public IActionResult Deny(string? appid, string? redirect_uri, string? scope, string? state)
    {
        if (WeChatSimulator.AuthorizeProblem(appid, "code", scope, redirect_uri, Request, app.Value.PublicBaseUrl) is not null)
            return BadRequest();
        return Redirect(QueryHelpers.AddQueryString(redirect_uri!, WithState(state, [])));
    }

    [HttpGet("sns/oauth2/access_token")]
    public async Task<IActionResult> AccessToken(CancellationToken cancellationToken) => Answer(await simulator.ExchangeAsync(Request.Query, cancellationToken));

    [HttpGet("sns/userinfo")]
    public IActionResult UserInfo(string? access_token, string? openid) => Answer(simulator.UserInfo(access_token, openid));

    [HttpGet("avatar/{id}.svg")]
    public IActionResult Avatar(string id) => id.Length != 8 || !id.All(char.IsAsciiHexDigitLower) ? NotFound() :
        Content($"""<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><rect width="50" height="50" fill="#07c160"/><text x="25" y="32" font-size="16" text-anchor="middle" fill="#fff">{id[..2]}</text></svg>""", "image/svg+xml");

    private ViewResult AuthorizePage(string? appid, string? redirectUri, string? responseType, string? scope, string? state, string? name, bool inApp)
    {
        var typed = string.IsNullOrWhiteSpace(name) || name.Trim().Length > 30 ? null : name.Trim();
        var model = new WeChatSimulatorViewModel
        {
            Problem = WeChatSimulator.AuthorizeProblem(appid, responseType, scope, redirectUri, Request, app.Value.PublicBaseUrl),
            InApp = inApp,
            AppId = appid,
            RedirectUri = redirectUri,
            Scope = scope,
            State = state,
            People = typed is null ? WeChatSimulator.People : [typed, .. WeChatSimulator.People.Where(p => p != typed)],
        };
        if (model.Problem is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("~/Features/ExternalLogin/WeChat/WeChatSimulator.cshtml", model);
    }

    private static Dictionary<string, string?> WithState(string? state, Dictionary<string, string?> parameters)
    {
        if (!string.IsNullOrEmpty(state))
            parameters["state"] = state;
        return parameters;
    }

    /// <summary>As WeChat answers: JSON, errors too, with HTTP 200 and Content-Type text/plain.</summary>
    private ContentResult Answer(object body) => Content(JsonSerializer.Serialize(body), "text/plain");
}

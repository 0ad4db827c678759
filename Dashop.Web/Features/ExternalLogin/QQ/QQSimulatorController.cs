using System.Text.Json;
using Dashop.Web.Features.ExternalLogin.Providers;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>The QQ simulator's endpoints (Development only: not routed at all elsewhere), at QQ's paths under /dev/qq.</summary>
[DevelopmentOnly]
[Route(QQSimulator.BasePath)]
public sealed class QQSimulatorController(QQSimulator simulator) : Controller
{
    private const string AuthorizePath = QQSimulator.BasePath + "/oauth2.0/authorize";

    [HttpGet("oauth2.0/authorize")]
    public IActionResult Authorize(string? response_type, string? client_id, string? redirect_uri, string? state, string? scope, string? name)
    {
        var problem = simulator.AuthorizeProblem(response_type, client_id, redirect_uri, Request);
        if (problem is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = response_type, ["client_id"] = client_id, ["redirect_uri"] = redirect_uri, ["state"] = state, ["scope"] = scope,
        };
        return View(SimulatorPageViewModel.ViewPath,
            Simulators.Page(QQDefaults.DisplayName, problem, AuthorizePath, AuthorizePath + "/grant", parameters, QQSimulator.People, QQSimulator.Find(name)));
    }

    /// <summary>The person approves: back to the app with <c>code</c> and <c>state</c>, as QQ sends them.</summary>
    [HttpGet("oauth2.0/authorize/grant")]
    public async Task<IActionResult> Grant(string? response_type, string? client_id, string? redirect_uri, string? state, string? name, CancellationToken cancellationToken)
    {
        if (simulator.AuthorizeProblem(response_type, client_id, redirect_uri, Request) is not null || QQSimulator.Find(name) is not { } person)
            return BadRequest();
        var back = new Dictionary<string, string?> { ["code"] = await simulator.IssueCodeAsync(person, redirect_uri!, cancellationToken) };
        if (!string.IsNullOrEmpty(state))
            back["state"] = state;
        return Redirect(QueryHelpers.AddQueryString(redirect_uri!, back));
    }

    /// <summary>With <c>fmt=json</c> JSON; without it, QQ's historical shapes: a query string for a token, <c>callback( {...} );</c> for an error.</summary>
    [HttpGet("oauth2.0/token")]
    public async Task<IActionResult> Token(string? fmt, CancellationToken cancellationToken)
    {
        var answer = await simulator.ExchangeAsync(Request.Query, cancellationToken);
        if (fmt == "json" || answer.ContainsKey("error"))
            return Answer(answer, fmt);
        return Content(QueryHelpers.AddQueryString("", answer.ToDictionary(a => a.Key, a => (string?)a.Value?.ToString()))[1..], "text/html");
    }

    [HttpGet("oauth2.0/me")]
    public IActionResult Me(string? access_token, string? fmt, string? unionid) => Answer(simulator.Me(access_token, unionid == "1"), fmt);

    [HttpGet("user/get_user_info")]
    public IActionResult UserInfo(string? access_token, string? oauth_consumer_key, string? openid) =>
        Json(simulator.UserInfo(access_token, oauth_consumer_key, openid));

    [HttpGet("avatar/{openid}.svg")]
    public IActionResult Avatar(string openid) => !QQClient.IdPattern().IsMatch(openid) ? NotFound() :
        Content($"""<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#12b7f5"/><text x="20" y="26" font-size="14" text-anchor="middle" fill="#fff">{openid[..2]}</text></svg>""", "image/svg+xml");

    private IActionResult Answer(IReadOnlyDictionary<string, object?> body, string? fmt) =>
        fmt == "json" ? Json(body) : Content($"callback( {JsonSerializer.Serialize(body)} );", "text/html");
}

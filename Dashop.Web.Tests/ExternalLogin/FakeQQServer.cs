using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// graph.qq.com on loopback (spec §15): the authorize page (the person's choice is given by the test), the token endpoint
/// (single-use codes bound to their redirect_uri; JSON with <c>fmt=json</c>, else QQ's query string or <c>callback( ... );</c>),
/// <c>/oauth2.0/me</c> and <c>get_user_info</c>. A request QQ would refuse as malformed is recorded in <see cref="Rejections"/>.
/// </summary>
public sealed class FakeQQServer : IAsyncDisposable
{
    public const string ClientId = "101234567";
    public const string ClientSecret = "fake-qq-app-key-0001";

    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, (FakeQQUser User, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, FakeQQUser> _tokens = new();
    private int _tokenRequests;

    public ScriptedAnswers Token { get; } = new();
    public ScriptedAnswers Me { get; } = new();
    public ScriptedAnswers UserInfo { get; } = new();

    /// <summary>Requests the fake refused as malformed: a test fails on any.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    /// <summary>Every code and token handed out, so that tests can look for them in logs.</summary>
    public ConcurrentQueue<string> Secrets { get; } = new();

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>
    /// Answers as QQ did before <c>fmt=json</c> (and as it still does where the parameter is lost): the token as a query string,
    /// <c>/oauth2.0/me</c> and errors as <c>callback( {...} );</c>, all as text/html.
    /// </summary>
    public bool LegacyShapes { get; set; }
    public string BaseUrl { get; private set; } = "";

    private FakeQQServer()
    {
    }

    public static async Task<FakeQQServer> StartAsync()
    {
        var fake = new FakeQQServer();
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/oauth2.0/authorize", fake.Authorize);
            app.MapGet("/oauth2.0/token", (Delegate)fake.TokenAsync);
            app.MapGet("/oauth2.0/me", (Delegate)fake.MeAsync);
            app.MapGet("/user/get_user_info", (Delegate)fake.UserInfoAsync);
        });
        return fake;
    }

    /// <summary>The QQ:* settings that point Dashop at this fake.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["QQ:ClientId"] = ClientId,
        ["QQ:ClientSecret"] = ClientSecret,
        ["QQ:AuthorizationEndpoint"] = BaseUrl + "/oauth2.0/authorize",
        ["QQ:TokenEndpoint"] = BaseUrl + "/oauth2.0/token",
        ["QQ:UserIdentificationEndpoint"] = BaseUrl + "/oauth2.0/me",
        ["QQ:UserInformationEndpoint"] = BaseUrl + "/user/get_user_info",
        // Room for a busy test machine; the timeout tests wait this long once.
        ["QQ:TimeoutSeconds"] = "5",
    };

    /// <summary>The person logs in on QQ's page as <paramref name="user"/> and allows the app: where QQ sends the browser.</summary>
    public async Task<Uri> ApproveAsync(string authorizeUrl, FakeQQUser user)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(QueryHelpers.AddQueryString(authorizeUrl, new Dictionary<string, string?>
        {
            ["fake_openid"] = user.OpenId, ["fake_unionid"] = user.UnionId, ["fake_nickname"] = user.Nickname,
        }));
        if (response.StatusCode != HttpStatusCode.Found)
            throw new InvalidOperationException($"The fake authorize page answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["response_type"] != "code")
            return Reject("authorize: response_type must be code");
        if (query["client_id"] != ClientId)
            return Reject("authorize: wrong client_id");
        if (!Uri.TryCreate(query["redirect_uri"], UriKind.Absolute, out _))
            return Reject("authorize: redirect_uri must be absolute");
        if (string.IsNullOrEmpty(query["state"]))
            return Reject("authorize: no state (CSRF protection)");
        if (query["scope"] != "get_user_info")
            return Reject("authorize: scope must be get_user_info");

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (new FakeQQUser(query["fake_openid"].ToString(), query["fake_unionid"].ToString(), query["fake_nickname"].ToString()), query["redirect_uri"].ToString());
        Secrets.Enqueue(code);
        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"] }));
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        if (await Token.NextAsync(context) is { } scripted)
            return scripted;
        var query = context.Request.Query;
        if (query["fmt"] != "json")
            Rejections.Enqueue("token: no fmt=json (QQ would answer a query string)");
        var fmt = LegacyShapes ? null : query["fmt"].ToString();
        if (query["grant_type"] != "authorization_code")
            return Error(100001, "invalid grant_type", fmt);
        if (query["client_id"] != ClientId || query["client_secret"] != ClientSecret)
            return Error(100009, "client secret is illegal", fmt);
        if (!_codes.TryRemove(query["code"].ToString(), out var grant))
            return Error(100020, "code is reused error", fmt);
        if (query["redirect_uri"] != grant.RedirectUri)
            return Error(100010, "redirect uri is illegal", fmt);

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = grant.User;
        Secrets.Enqueue(token);
        var refresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        if (fmt != "json")
            return Results.Text($"access_token={token}&expires_in=7776000&refresh_token={refresh}", "text/html");
        // QQ sends expires_in as a string.
        return Results.Json(new Dictionary<string, string> { ["access_token"] = token, ["expires_in"] = "7776000", ["refresh_token"] = refresh });
    }

    private async Task<IResult> MeAsync(HttpContext context)
    {
        if (await Me.NextAsync(context) is { } scripted)
            return scripted;
        var query = context.Request.Query;
        if (query["fmt"] != "json")
            Rejections.Enqueue("me: no fmt=json (QQ would answer callback( ... );)");
        var fmt = LegacyShapes ? null : query["fmt"].ToString();
        if (!_tokens.TryGetValue(query["access_token"].ToString(), out var user))
            return Error(100016, "access token check failed", fmt);
        var me = new Dictionary<string, string> { ["client_id"] = ClientId, ["openid"] = user.OpenId };
        if (query["unionid"] == "1")
            me["unionid"] = user.UnionId;
        return fmt == "json" ? Results.Json(me) : Results.Text($"callback( {JsonSerializer.Serialize(me)} );", "text/html");
    }

    private async Task<IResult> UserInfoAsync(HttpContext context)
    {
        if (await UserInfo.NextAsync(context) is { } scripted)
            return scripted;
        var query = context.Request.Query;
        if (query["oauth_consumer_key"] != ClientId)
            return Results.Json(new { ret = 100008, msg = "client_id is illegal" });
        if (!_tokens.TryGetValue(query["access_token"].ToString(), out var user))
            return Results.Json(new { ret = 100016, msg = "access token check failed" });
        if (query["openid"] != user.OpenId)
            return Results.Json(new { ret = 1002, msg = "openid is invalid" });
        return Results.Json(new Dictionary<string, object>
        {
            ["ret"] = 0,
            ["msg"] = "",
            ["is_lost"] = 0,
            ["nickname"] = user.Nickname,
            ["gender"] = "女",
            ["gender_type"] = 2,
            ["province"] = "广东",
            ["city"] = "深圳",
            ["year"] = "1995",
            ["figureurl"] = "http://qzapp.qlogo.cn/qzapp/101234567/" + user.OpenId + "/30",
            ["figureurl_1"] = "http://qzapp.qlogo.cn/qzapp/101234567/" + user.OpenId + "/50",
            ["figureurl_2"] = "http://qzapp.qlogo.cn/qzapp/101234567/" + user.OpenId + "/100",
            ["figureurl_qq_1"] = user.AvatarUrl,
            ["figureurl_qq_2"] = user.AvatarUrl.Replace("s=40", "s=100", StringComparison.Ordinal),
            ["is_yellow_vip"] = "0",
            ["vip"] = "0",
            ["level"] = "0",
        });
    }

    /// <summary>QQ's error: JSON with fmt=json, else its historical JSONP (with the trailing comma of QQ's own documentation).</summary>
    private static IResult Error(int code, string description, string? fmt) =>
        fmt == "json"
            ? Results.Json(new { error = code, error_description = description })
            : Results.Text($"callback( {{\"error\":{code.ToString(CultureInfo.InvariantCulture)},\"error_description\":{JsonSerializer.Serialize(description)},}} );", "text/html");

    private IResult Reject(string problem)
    {
        Rejections.Enqueue(problem);
        return Results.Text($"<html><body>{WebUtility.HtmlEncode(problem)}</body></html>", "text/html", statusCode: 400);
    }

    public async ValueTask DisposeAsync()
    {
        Token.Release();
        Me.Release();
        UserInfo.Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

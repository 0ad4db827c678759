using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Tests.Fakes;

/// <summary>
/// open.weixin.qq.com and api.weixin.qq.com on loopback (spec §15): the QR page of a website app and the Official Account's
/// authorization (the person's choice is given by the test), the token endpoint (GET, appid and secret in the query,
/// single-use codes: 40029 unknown, 40163 used) and sns/userinfo. Every answer is JSON sent as text/plain with HTTP 200,
/// errors as {errcode, errmsg}, as WeChat does. Errors, HTML pages and silences are scriptable.
/// </summary>
public sealed partial class FakeWeChatServer : IAsyncDisposable
{
    public const string QrAppId = "wx1f2e3d4c5b6a7980";
    public const string QrAppSecret = "fake-wechat-qr-secret-00000000001";
    public const string InAppAppId = "wx0a9b8c7d6e5f4031";
    public const string InAppAppSecret = "fake-wechat-oa-secret-00000000001";

    private WebApplication _app = null!;
    private readonly ConcurrentQueue<FakeWeChatAnswer> _tokenScript = new();
    private readonly ConcurrentDictionary<string, (string AppId, FakeWeChatPerson Person)> _codes = new();
    private readonly ConcurrentDictionary<string, byte> _usedCodes = new();
    private readonly ConcurrentDictionary<string, (string AppId, FakeWeChatPerson Person)> _tokens = new();
    private int _tokenRequests;

    /// <summary>Requests the fake refused as malformed: a test fails on any.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    public int TokenRequests => Volatile.Read(ref _tokenRequests);
    public string BaseUrl { get; private set; } = "";

    private FakeWeChatServer()
    {
    }

    public static async Task<FakeWeChatServer> StartAsync()
    {
        var fake = new FakeWeChatServer();
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/connect/qrconnect", (HttpRequest r) => fake.Authorize(r, QrAppId, "snsapi_login"));
            app.MapGet("/connect/oauth2/authorize", (HttpRequest r) => fake.Authorize(r, InAppAppId, "snsapi_userinfo"));
            app.Map("/sns/oauth2/access_token", (Delegate)fake.AccessTokenAsync);
            app.Map("/sns/userinfo", (Delegate)fake.UserInfo);
        });
        return fake;
    }

    /// <summary>The WeChat:* settings that point Dashop at this fake; <paramref name="officialAccount"/> adds the in-app authorization.</summary>
    public Dictionary<string, string?> Settings(bool officialAccount = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = QrAppId,
            ["WeChat:AppSecret"] = QrAppSecret,
            ["WeChat:AuthorizationEndpoint"] = BaseUrl + "/connect/qrconnect",
            ["WeChat:InAppAuthorizationEndpoint"] = BaseUrl + "/connect/oauth2/authorize",
            ["WeChat:TokenEndpoint"] = BaseUrl + "/sns/oauth2/access_token",
            ["WeChat:UserInformationEndpoint"] = BaseUrl + "/sns/userinfo",
        };
        if (officialAccount)
        {
            settings["WeChat:OfficialAccount:AppId"] = InAppAppId;
            settings["WeChat:OfficialAccount:AppSecret"] = InAppAppSecret;
        }
        return settings;
    }

    /// <summary>The next token requests get these answers, in order; after them, the normal ones.</summary>
    public void ScriptToken(params FakeWeChatAnswer[] answers)
    {
        foreach (var answer in answers)
            _tokenScript.Enqueue(answer);
    }

    /// <summary>The person scans the QR code (or allows, inside WeChat) as <paramref name="person"/>: where WeChat sends the browser.</summary>
    public Task<Uri> ApproveAsync(string authorizeUrl, FakeWeChatPerson person) =>
        FollowAsync(Fragmentless(authorizeUrl) + "&fake_person=" + Uri.EscapeDataString(person.Name));

    /// <summary>The person refuses: WeChat sends the browser back with the state and no code.</summary>
    public Task<Uri> DenyAsync(string authorizeUrl) => FollowAsync(Fragmentless(authorizeUrl) + "&fake_deny=1");

    public static string OpenId(string appId, FakeWeChatPerson person) => "o" + Hash(appId + ":" + person.Name)[..27];

    public static string UnionId(FakeWeChatPerson person) => "u" + Hash("union:" + person.Name)[..27];

    private static string Fragmentless(string url) => url.EndsWith("#wechat_redirect", StringComparison.Ordinal) ? url[..^"#wechat_redirect".Length] : url;

    private static async Task<Uri> FollowAsync(string url)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(url);
        if (response.StatusCode != System.Net.HttpStatusCode.Found)
            throw new InvalidOperationException($"The fake authorize page answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    private IResult Authorize(HttpRequest request, string appId, string scope)
    {
        var query = request.Query;
        if (query["appid"] != appId)
            return Reject($"authorize: appid must be {appId}");
        if (query["response_type"] != "code" || query["scope"] != scope)
            return Reject($"authorize: response_type=code and scope={scope} expected");
        if (!Uri.TryCreate(query["redirect_uri"], UriKind.Absolute, out _))
            return Reject("authorize: redirect_uri must be absolute");
        // The Official Account's page checks the order of the parameters.
        var order = request.QueryString.Value![1..].Split('&').Select(p => p.Split('=')[0]).Where(k => !k.StartsWith("fake_", StringComparison.Ordinal));
        if (string.Join(',', order) != "appid,redirect_uri,response_type,scope,state")
            return Reject("authorize: parameters must come as appid, redirect_uri, response_type, scope, state");
        if (!StatePattern().IsMatch(query["state"].ToString()))
            return Reject("authorize: state must be 1-128 characters of a-zA-Z0-9");

        var back = new Dictionary<string, string?>();
        if (query["fake_deny"] != "1")
        {
            var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (appId, new FakeWeChatPerson(query["fake_person"].ToString()));
            back["code"] = code;
        }
        back["state"] = query["state"];
        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), back));
    }

    private async Task<IResult> AccessTokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        if (!HttpMethods.IsGet(context.Request.Method))
            return Reject("access_token: WeChat takes a GET");
        var answer = _tokenScript.TryDequeue(out var next) ? next : new FakeWeChatAnswer();
        if (answer.Silent)
        {
            // A WeChat that never answers: the request is held until the caller gives up (its timeout) and aborts it.
            var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (context.RequestAborted.Register(() => aborted.TrySetResult()))
                await aborted.Task;
            return Results.Empty;
        }
        if (answer.Html)
            return Results.Content("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html");
        if (answer.ErrorCode != 0)
            return Answer(new { errcode = answer.ErrorCode, errmsg = "scripted failure" });

        var query = context.Request.Query;
        var appId = query["appid"].ToString();
        var secret = appId == QrAppId ? QrAppSecret : appId == InAppAppId ? InAppAppSecret : null;
        if (secret is null)
            return Answer(new { errcode = 40013, errmsg = "invalid appid" });
        if (query["secret"] != secret)
            return Answer(new { errcode = 40125, errmsg = "invalid appsecret" });
        if (query["grant_type"] != "authorization_code")
            return Answer(new { errcode = 40002, errmsg = "invalid grant_type" });
        var code = query["code"].ToString();
        if (!_usedCodes.TryAdd(code, 0))
            return Answer(new { errcode = 40163, errmsg = "code been used" });
        if (!_codes.TryRemove(code, out var grant) || grant.AppId != appId)
            return Answer(new { errcode = 40029, errmsg = "invalid code" });

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = grant;
        var body = new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["expires_in"] = 7200,
            ["refresh_token"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            ["openid"] = OpenId(appId, grant.Person),
            ["scope"] = appId == QrAppId ? "snsapi_login" : "snsapi_userinfo",
        };
        if (grant.Person.HasUnionId)
            body["unionid"] = UnionId(grant.Person);
        return Answer(body);
    }

    private IResult UserInfo(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method))
            return Reject("userinfo: WeChat takes a GET");
        if (!_tokens.TryGetValue(request.Query["access_token"].ToString(), out var grant))
            return Answer(new { errcode = 40001, errmsg = "invalid credential, access_token is invalid or not latest" });
        if (request.Query["openid"] != OpenId(grant.AppId, grant.Person))
            return Answer(new { errcode = 40003, errmsg = "invalid openid" });
        var body = new Dictionary<string, object>
        {
            ["openid"] = OpenId(grant.AppId, grant.Person),
            ["nickname"] = grant.Person.Name,
            ["sex"] = 0,
            ["province"] = "广东",
            ["city"] = "深圳",
            ["country"] = "CN",
            ["headimgurl"] = "https://thirdwx.qlogo.cn/mmopen/vi_32/" + Hash(grant.Person.Name)[..16] + "/132",
            ["privilege"] = Array.Empty<string>(),
        };
        if (grant.Person.HasUnionId)
            body["unionid"] = UnionId(grant.Person);
        return Answer(body);
    }

    /// <summary>As WeChat answers: JSON, errors too, with HTTP 200 and Content-Type text/plain.</summary>
    private static IResult Answer(object body) => Results.Content(JsonSerializer.Serialize(body), "text/plain");

    private IResult Reject(string problem)
    {
        Rejections.Enqueue(problem);
        return Results.BadRequest(problem);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [GeneratedRegex("^[a-zA-Z0-9]{1,128}$")]
    private static partial Regex StatePattern();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

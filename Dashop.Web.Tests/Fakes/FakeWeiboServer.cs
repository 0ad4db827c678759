using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Tests.Fakes;

/// <summary>
/// api.weibo.com on loopback (spec §8): the authorize page (the person's choice is given by the test), the token endpoint
/// with single-use codes that checks client_secret and redirect_uri, and users/show.json. Errors and delays are scriptable.
/// </summary>
public sealed class FakeWeiboServer : IAsyncDisposable
{
    public const string ClientId = "2871234567";
    public const string ClientSecret = "fake-weibo-client-secret-0001";

    private WebApplication _app = null!;
    private readonly ConcurrentQueue<FakeWeiboAnswer> _tokenScript = new();
    private readonly ConcurrentQueue<FakeWeiboAnswer> _showScript = new();
    private readonly ConcurrentDictionary<string, (FakeWeiboUser User, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, FakeWeiboUser> _tokens = new();
    private int _tokenRequests;
    private int _showRequests;

    /// <summary>Requests the fake refused as malformed: a test fails on any.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    /// <summary>Every code and token handed out, so that tests can look for them in logs and pages.</summary>
    public ConcurrentQueue<string> Secrets { get; } = new();

    public int TokenRequests => Volatile.Read(ref _tokenRequests);
    public int ShowRequests => Volatile.Read(ref _showRequests);
    public string BaseUrl { get; private set; } = "";
    public string LastAccessToken { get; private set; } = "";

    private FakeWeiboServer()
    {
    }

    public static async Task<FakeWeiboServer> StartAsync()
    {
        var fake = new FakeWeiboServer();
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/oauth2/authorize", fake.Authorize);
            app.MapPost("/oauth2/access_token", (Delegate)fake.AccessTokenAsync);
            app.MapGet("/2/users/show.json", (Delegate)fake.ShowAsync);
        });
        return fake;
    }

    /// <summary>The Weibo:* settings that point Dashop at this fake.</summary>
    public Dictionary<string, string?> Settings(string frontEndCallback = "http://localhost:7000/dadashop/templates/callback.html") => new()
    {
        ["Weibo:ClientId"] = ClientId,
        ["Weibo:ClientSecret"] = ClientSecret,
        ["Weibo:AuthorizationEndpoint"] = BaseUrl + "/oauth2/authorize",
        ["Weibo:TokenEndpoint"] = BaseUrl + "/oauth2/access_token",
        ["Weibo:UserInformationEndpoint"] = BaseUrl + "/2/users/show.json",
        ["Weibo:FrontEndCallbackUrl"] = frontEndCallback,
        ["Weibo:TimeoutSeconds"] = "2",
    };

    /// <summary>The next token requests get these answers, in order; after them, the normal ones.</summary>
    public void ScriptToken(params FakeWeiboAnswer[] answers)
    {
        foreach (var answer in answers)
            _tokenScript.Enqueue(answer);
    }

    public void ScriptShow(params FakeWeiboAnswer[] answers)
    {
        foreach (var answer in answers)
            _showScript.Enqueue(answer);
    }

    /// <summary>The person logs in on Weibo's page as <paramref name="user"/> and allows the application: where Weibo sends the browser.</summary>
    public Task<Uri> ApproveAsync(string authorizeUrl, FakeWeiboUser user) =>
        FollowAsync(QueryHelpers.AddQueryString(authorizeUrl, new Dictionary<string, string?> { ["fake_uid"] = user.Uid, ["fake_name"] = user.ScreenName }));

    /// <summary>The person presses "cancel" on Weibo's page.</summary>
    public Task<Uri> DenyAsync(string authorizeUrl) => FollowAsync(authorizeUrl + "&fake_deny=1");

    private static async Task<Uri> FollowAsync(string url)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(url);
        if (response.StatusCode != System.Net.HttpStatusCode.Found)
            throw new InvalidOperationException($"The fake authorize page answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        var redirectUri = query["redirect_uri"].ToString();
        if (query["client_id"] != ClientId)
            return Reject("authorize: wrong client_id");
        if (query["response_type"] != "code")
            return Reject("authorize: response_type must be code");
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out _))
            return Reject("authorize: redirect_uri must be absolute");
        if (string.IsNullOrEmpty(query["state"]))
            return Reject("authorize: no state (CSRF protection)");

        var back = new Dictionary<string, string?>();
        if (query["fake_deny"] == "1")
        {
            back["error_uri"] = "/oauth2/authorize";
            back["error"] = "access_denied";
            back["error_description"] = "user denied your request.";
            back["error_code"] = "21330";
        }
        else
        {
            var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (new FakeWeiboUser(query["fake_uid"].ToString(), query["fake_name"].ToString()), redirectUri);
            Secrets.Enqueue(code);
            back["code"] = code;
        }
        back["state"] = query["state"];
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, back));
    }

    private async Task<IResult> AccessTokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        if (await ScriptedAsync(_tokenScript, context) is { } scripted)
            return scripted;

        if (!context.Request.HasFormContentType)
            return Reject("access_token: the body must be a form");
        var form = await context.Request.ReadFormAsync();
        if (context.Request.Query.Count > 0)
            return Reject("access_token: parameters belong in the form body, not the query string");
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            return Error(21324, "invalid_client", "client id or client secret is invalid", "/oauth2/access_token");
        if (form["grant_type"] != "authorization_code")
            return Error(21328, "unsupported_grant_type", "unsupported grant type", "/oauth2/access_token");
        if (!_codes.TryRemove(form["code"].ToString(), out var grant))
            return Error(21325, "invalid_grant", "invalid authorization code", "/oauth2/access_token");
        if (form["redirect_uri"] != grant.RedirectUri)
            return Error(21322, "redirect_uri_mismatch", "redirect_uri does not match", "/oauth2/access_token");

        var token = "2.00" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = grant.User;
        Secrets.Enqueue(token);
        LastAccessToken = token;
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["remind_in"] = "157679999",
            ["expires_in"] = 157679999,
            ["uid"] = grant.User.Uid,
            ["isRealName"] = "true",
        });
    }

    private async Task<IResult> ShowAsync(HttpContext context)
    {
        Interlocked.Increment(ref _showRequests);
        if (await ScriptedAsync(_showScript, context) is { } scripted)
            return scripted;

        var query = context.Request.Query;
        if (!_tokens.TryGetValue(query["access_token"].ToString(), out var user))
            return Error(21332, "invalid_access_token", "invalid access token", "/2/users/show.json");
        if (query["uid"] != user.Uid)
            return Reject("users/show: uid is not the token's uid");
        return Results.Json(new Dictionary<string, object>
        {
            ["id"] = long.Parse(user.Uid, CultureInfo.InvariantCulture),
            ["idstr"] = user.Uid,
            ["screen_name"] = user.ScreenName,
            ["name"] = user.ScreenName,
            ["location"] = "北京 朝阳区",
            ["profile_image_url"] = user.AvatarUrl,
            ["avatar_large"] = user.AvatarUrl.Replace("/50/", "/180/", StringComparison.Ordinal),
            ["gender"] = "n",
        });
    }

    /// <summary>Waits as scripted, then answers as scripted (an HTTP error or a Weibo error), or null to go on normally.</summary>
    private static async Task<IResult?> ScriptedAsync(ConcurrentQueue<FakeWeiboAnswer> script, HttpContext context)
    {
        var answer = script.TryDequeue(out var next) ? next : new FakeWeiboAnswer();
        if (answer.Delay > TimeSpan.Zero)
            await Task.Delay(answer.Delay, context.RequestAborted);
        return answer.HttpStatus >= 500 ? Results.StatusCode(answer.HttpStatus)
            : answer.ErrorCode != 0 ? Error(answer.ErrorCode, answer.Error!, "scripted failure", context.Request.Path)
            : null;
    }

    private static IResult Error(int code, string error, string description, string request) =>
        Results.Json(new { error, error_code = code, error_description = description, request }, statusCode: 400);

    private IResult Reject(string problem)
    {
        Rejections.Enqueue(problem);
        return Results.Json(new { error = "invalid_request", error_code = 21323, error_description = problem }, statusCode: 400);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

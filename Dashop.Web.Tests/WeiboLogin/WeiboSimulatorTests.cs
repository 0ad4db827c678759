using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashop.Web.Features.WeiboLogin;
using Dashop.Web.Infrastructure;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.WeiboLogin;

/// <summary>Spec §1, §8: Development's Weibo simulator speaks Weibo's formats, runs the real handler, and exists only in Development.</summary>
public sealed partial class WeiboSimulatorTests
{
    private const string Callback = "http://localhost/signin-weibo";

    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await SharedHosts.RonglianAsync();
        _factory = new DashopFactory(Backend.Embedded, _ronglian);
        // The simulator lives at App:PublicBaseUrl (http://localhost): in-memory, so the Weibo clients reach it through the test server.
        _app = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            foreach (var name in new[] { WeiboClient.TokenClientName, WeiboClient.ApiClientName })
                services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
        }));
        _http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private static string AuthorizeUrl(string redirectUri = Callback, string clientId = WeiboSimulator.ClientId, string? name = null) =>
        QueryHelpers.AddQueryString("/dev/weibo/oauth2/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["state"] = "xyz",
            ["name"] = name,
        }.Where(p => p.Value is not null));

    /// <summary>Clicks the account's link on the simulator's page: where the browser is sent back to.</summary>
    private async Task<Uri> PickAsync(string authorizePage, string uid)
    {
        var html = await _http.GetStringAsync(authorizePage);
        var link = AccountLink().Matches(html).Single(m => m.Groups[2].Value == uid).Groups[1].Value;
        using var granted = await _http.GetAsync(WebUtility.HtmlDecode(link));
        Assert.That(granted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return granted.Headers.Location!;
    }

    private async Task<(int Status, JsonElement Body)> TokenAsync(string code, string redirectUri = Callback, string secret = WeiboSimulator.ClientSecret, string grantType = "authorization_code")
    {
        using var response = await _http.PostAsync("/dev/weibo/oauth2/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = WeiboSimulator.ClientId,
            ["client_secret"] = secret,
            ["grant_type"] = grantType,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        }));
        return ((int)response.StatusCode, await HttpExtensions.ReadJsonAsync(response));
    }

    private static string CodeOf(Uri back) => QueryHelpers.ParseQuery(back.Query)["code"].ToString();

    [Test]
    public void Development_without_a_client_id_uses_the_simulator() =>
        Assert.That(_app.Services.GetRequiredService<RunMode>().ToString(), Does.Contain("weibo=simulator (/dev/weibo)"));

    [Test]
    public async Task Authorize_grants_a_single_use_code_exchanged_in_Weibo_format()
    {
        using var page = await _http.GetAsync(AuthorizeUrl());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("微博测试一").And.Contain("data-uid=\"1000000001\""));
            Assert.That(Regex.IsMatch(html, "<script(?![^>]*\\ssrc=)[^>]*>"), Is.False, "no inline script");
            // The layout's language switch is a POST to the site itself; the simulator's own content posts nothing.
            Assert.That(html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)],
                Does.Not.Contain("method=\"post\""), "picking an account is a link (CSP form-action)");
        });

        var back = await PickAsync(AuthorizeUrl(), "1000000001");
        Assert.That(back.GetLeftPart(UriPartial.Path), Is.EqualTo(Callback));
        Assert.That(QueryHelpers.ParseQuery(back.Query)["state"].ToString(), Is.EqualTo("xyz"));
        var code = CodeOf(back);
        Assert.That(code, Does.Match("^[0-9a-f]{32}$"));

        var (status, token) = await TokenAsync(code);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(200), token.ToString());
            Assert.That(token.GetProperty("access_token").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(token.GetProperty("remind_in").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(token.GetProperty("expires_in").GetInt64(), Is.EqualTo(157_679_999));
            Assert.That(token.GetProperty("uid").GetString(), Is.EqualTo("1000000001"));
        });

        var (again, refused) = await TokenAsync(code);
        Assert.That(again, Is.EqualTo(400));
        Assert.That(refused.GetProperty("error").GetString(), Is.EqualTo("invalid_grant"));
        Assert.That(refused.GetProperty("error_code").GetInt32(), Is.EqualTo(21325));
        Assert.That(refused.GetProperty("error_description").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task The_token_endpoint_checks_the_client_the_grant_and_the_redirect_uri()
    {
        foreach (var (call, errorCode) in new (Func<string, Task<(int, JsonElement)>> Call, int ErrorCode)[]
        {
            (code => TokenAsync(code, secret: "wrong"), 21324),
            (code => TokenAsync(code, grantType: "password"), 21328),
            (code => TokenAsync(code, redirectUri: "http://localhost/elsewhere"), 21322),
        })
        {
            var (status, body) = await call(CodeOf(await PickAsync(AuthorizeUrl(), "1000000002")));
            Assert.That((status, body.GetProperty("error_code").GetInt32()), Is.EqualTo((400, errorCode)), body.ToString());
        }
    }

    [Test]
    public async Task Users_show_and_get_token_info_answer_in_Weibo_format()
    {
        var (_, token) = await TokenAsync(CodeOf(await PickAsync(AuthorizeUrl(), "1000000002")));
        var accessToken = token.GetProperty("access_token").GetString()!;

        using var shown = await _http.GetAsync(QueryHelpers.AddQueryString("/dev/weibo/2/users/show.json", new Dictionary<string, string?> { ["access_token"] = accessToken, ["uid"] = "1000000002" }));
        var user = await HttpExtensions.ReadJsonAsync(shown);
        Assert.Multiple(() =>
        {
            Assert.That(shown.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(user.GetProperty("id").GetInt64(), Is.EqualTo(1_000_000_002));
            Assert.That(user.GetProperty("idstr").GetString(), Is.EqualTo("1000000002"));
            Assert.That(user.GetProperty("screen_name").GetString(), Is.EqualTo("Weibo Tester Two"));
            Assert.That(user.GetProperty("profile_image_url").GetString(), Is.EqualTo("http://localhost/dev/weibo/avatar/1000000002.svg"));
        });
        using var avatar = await _http.GetAsync("/dev/weibo/avatar/1000000002.svg");
        Assert.That(avatar.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/svg+xml"));

        using var badToken = await _http.GetAsync("/dev/weibo/2/users/show.json?access_token=nope&uid=1000000002");
        var error = await HttpExtensions.ReadJsonAsync(badToken);
        Assert.That(((int)badToken.StatusCode, error.GetProperty("error_code").GetInt32()), Is.EqualTo((400, 21332)));

        using var info = await _http.PostAsync("/dev/weibo/oauth2/get_token_info", new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = accessToken }));
        var tokenInfo = await HttpExtensions.ReadJsonAsync(info);
        Assert.Multiple(() =>
        {
            Assert.That(info.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(tokenInfo.GetProperty("uid").GetInt64(), Is.EqualTo(1_000_000_002));
            Assert.That(tokenInfo.GetProperty("appkey").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(WeiboSimulator.ClientId));
            Assert.That(tokenInfo.GetProperty("scope").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(tokenInfo.GetProperty("create_at").GetInt64(), Is.GreaterThan(1_700_000_000));
            Assert.That(tokenInfo.GetProperty("expire_in").GetInt64(), Is.InRange(157_679_000, 157_679_999));
        });
    }

    [Test]
    public async Task A_typed_name_is_always_the_same_account()
    {
        var first = await _http.GetStringAsync(AuthorizeUrl(name: "Alice Dev"));
        var uid = AccountLink().Matches(first).First(m => WebUtility.HtmlDecode(m.Value).Contains("name=Alice", StringComparison.Ordinal)).Groups[2].Value;
        var back = await PickAsync(AuthorizeUrl(name: "Alice Dev"), uid);
        var (_, token) = await TokenAsync(CodeOf(back));
        Assert.That(token.GetProperty("uid").GetString(), Is.EqualTo(uid));
        Assert.That(await _http.GetStringAsync(AuthorizeUrl(name: "Alice Dev")), Does.Contain($"data-uid=\"{uid}\""));
    }

    [Test]
    public async Task Cancel_sends_access_denied_back_as_Weibo_does()
    {
        var html = await _http.GetStringAsync(AuthorizeUrl());
        var deny = WebUtility.HtmlDecode(DenyLink().Match(html).Groups[1].Value);
        using var denied = await _http.GetAsync(deny);
        var query = QueryHelpers.ParseQuery(denied.Headers.Location!.Query);
        Assert.Multiple(() =>
        {
            Assert.That(query["error"].ToString(), Is.EqualTo("access_denied"));
            Assert.That(query["error_code"].ToString(), Is.EqualTo("21330"));
            Assert.That(query["state"].ToString(), Is.EqualTo("xyz"));
            Assert.That(query.ContainsKey("code"), Is.False);
        });
    }

    [TestCase(WeiboSimulator.ClientId, "https://evil.example/signin-weibo")]
    [TestCase(WeiboSimulator.ClientId, "http://localhost/somewhere-else")]
    [TestCase("unknown-client", Callback)]
    public async Task Bad_authorize_requests_get_an_error_page(string clientId, string redirectUri)
    {
        using var page = await _http.GetAsync(AuthorizeUrl(redirectUri, clientId));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("id=\"simulator-error\"").And.Not.Contain("data-uid="));
    }

    [Test]
    public async Task The_real_handler_logs_in_and_binds_through_the_simulator()
    {
        using var start = await _http.GetAsync("/login/weibo?returnUrl=%2Fcart");
        var authorize = start.Headers.Location!;
        Assert.That(authorize.GetLeftPart(UriPartial.Path), Is.EqualTo("http://localhost/dev/weibo/oauth2/authorize"));

        var name = "Sim " + Guid.NewGuid().ToString("N")[..8];
        var page = await _http.GetStringAsync(authorize.PathAndQuery + "&name=" + Uri.EscapeDataString(name));
        var account = WeiboSimulator.Named(name);
        Assert.That(page, Does.Contain(account.Uid));
        var back = await PickAsync(authorize.PathAndQuery + "&name=" + Uri.EscapeDataString(name), account.Uid);
        Assert.That(back.GetLeftPart(UriPartial.Path), Is.EqualTo("http://localhost/signin-weibo"));

        using var signin = await _http.GetAsync(back.PathAndQuery);
        Assert.That(signin.Headers.Location!.OriginalString, Is.EqualTo("/weibo/callback?returnUrl=%2Fcart"));
        using var callback = await _http.GetAsync(signin.Headers.Location.OriginalString);
        Assert.That(callback.Headers.Location!.OriginalString, Is.EqualTo("/weibo/bind?returnUrl=%2Fcart"));
        var bindPage = await _http.GetStringAsync("/weibo/bind?returnUrl=%2Fcart");
        Assert.That(bindPage, Does.Contain(name).And.Contain($"src=\"/dev/weibo/avatar/{account.Uid}.svg\""));

        var phone = TestData.Phone();
        var (_, sent) = await _http.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200));
        var username = TestData.Username("sim");
        using var bound = await _http.PostFormAsync("/weibo/bind", "/weibo/bind", new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = TestData.Password,
            ["Phone"] = phone,
            ["Email"] = $"{username}@example.com",
            ["Code"] = await _ronglian.WaitForCodeAsync(phone),
            ["TermsAccepted"] = "true",
            ["returnUrl"] = "/cart",
        });
        Assert.That(bound.Headers.Location?.OriginalString, Is.EqualTo("/cart"), await bound.Content.ReadAsStringAsync());
        Assert.That(await _http.GetStringAsync("/"), Does.Contain(username));
    }

    [Test]
    public async Task The_front_end_flow_runs_against_the_simulator()
    {
        using var authorization = await _http.GetAsync("/v1/users/weibo/authorization");
        var issued = await HttpExtensions.ReadJsonAsync(authorization);
        var oauthUrl = new Uri(issued.GetProperty("oauth_url").GetString()!);
        Assert.That(QueryHelpers.ParseQuery(oauthUrl.Query)["redirect_uri"].ToString(), Is.EqualTo("http://localhost:7000/dadashop/templates/callback.html"));

        var back = await PickAsync(oauthUrl.PathAndQuery, "1000000003");
        Assert.That(back.GetLeftPart(UriPartial.Path), Is.EqualTo("http://localhost:7000/dadashop/templates/callback.html"));
        using var login = await _http.GetAsync("/v1/users/weibo/users" + back.Query + "&nonce=" + Uri.EscapeDataString(issued.GetProperty("nonce").GetString()!));
        var body = await HttpExtensions.ReadJsonAsync(login);
        Assert.That(body.Code(), Is.AnyOf(200, 201), body.ToString());
    }

    [Test]
    public async Task Outside_Development_the_simulator_is_not_routed_and_Weibo_is_off_without_a_client_id()
    {
        await using var production = new DashopFactory(Backend.Embedded, _ronglian, environment: "Production");
        using var client = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { AuthorizeUrl(), "/dev/weibo/2/users/show.json?access_token=x&uid=1", "/dev/weibo/avatar/1000000001.svg", "/login/weibo" })
        {
            using var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }
        using var token = await client.PostAsync("/dev/weibo/oauth2/access_token", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "x" }));
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        Assert.That(await client.GetStringAsync("/login"), Does.Not.Contain("weibo-login"));
        using var authorization = await client.GetAsync("/v1/users/weibo/authorization");
        Assert.That((await HttpExtensions.ReadJsonAsync(authorization)).Code(), Is.EqualTo(10113));
        Assert.That(production.Services.GetRequiredService<RunMode>().ToString(), Does.Contain("weibo=off"));
    }

    [Test]
    public async Task Outside_Development_a_configured_Weibo_is_used_and_still_no_simulator()
    {
        await using var production = new DashopFactory(Backend.Embedded, _ronglian, new Dictionary<string, string?>
        {
            ["Weibo:ClientId"] = "2871234567",
            ["Weibo:ClientSecret"] = "secret",
        }, environment: "Production");
        using var client = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.That(await client.GetStringAsync("/login"), Does.Contain("id=\"weibo-login\""));
        using var start = await client.GetAsync("/login/weibo");
        Assert.That(start.Headers.Location!.GetLeftPart(UriPartial.Path), Is.EqualTo("https://api.weibo.com/oauth2/authorize"));
        using var simulator = await client.GetAsync(AuthorizeUrl());
        Assert.That(simulator.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(production.Services.GetRequiredService<RunMode>().ToString(), Does.Contain("weibo=api.weibo.com (OAuth 2.0)"));
    }

    [Test]
    public async Task A_client_id_without_a_secret_stops_the_start_naming_the_key()
    {
        await using var misconfigured = new DashopFactory(Backend.Embedded, _ronglian, new Dictionary<string, string?> { ["Weibo:ClientId"] = "2871234567" });
        var error = Assert.Catch(() => misconfigured.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("Weibo:ClientSecret"));
    }

    [GeneratedRegex("href=\"(/dev/weibo/oauth2/authorize/grant[^\"]*)\" data-uid=\"([0-9]+)\"")]
    private static partial Regex AccountLink();

    [GeneratedRegex("href=\"(/dev/weibo/oauth2/authorize/deny[^\"]*)\"")]
    private static partial Regex DenyLink();
}

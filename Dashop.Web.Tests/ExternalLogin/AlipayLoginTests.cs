using System.Globalization;
using System.Net;
using System.Security.Claims;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// Spec §15, Alipay: the production OAuth handler inside the app host, against an Alipay on loopback that signs its answers
/// and verifies the app's request signatures with key pairs made for this run. The handler's product is Identity's external
/// cookie with the shared claims, read back through the app.
/// </summary>
public sealed class AlipayLoginTests
{
    private const string Callback = "http://localhost/signin-alipay";
    private const string ReturnUrl = "/account";

    /// <summary>Where the handler hands the provider's answer to the shared flow (its callback), for the page the login was started from.</summary>
    private const string HandOff = "/alipay/callback?returnUrl=%2Faccount";

    private FakeAlipayServer _alipay = null!;
    private DashopFactory _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _alipay = await FakeAlipayServer.StartAsync();
        _app = new DashopFactory(Backend.Embedded, null, _alipay.Settings(), services: s => s.AddSingleton<IStartupFilter, ExternalCookieProbe>());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _alipay.DisposeAsync();
    }

    [TearDown]
    public void NoProtocolErrors()
    {
        _alipay.ExpectAnotherAppKey(false);
        Assert.That(_alipay.Token.Pending + _alipay.UserInfo.Pending + _alipay.TokenTricks.Count + _alipay.UserInfoTricks.Count, Is.Zero, "every scripted answer was used");
        Assert.That(_alipay.Rejections, Is.Empty, "the fake Alipay refused a request as malformed");
    }

    private async Task<(ProviderBrowser Browser, HttpStatusCode Status, string? Location)> LoginAsync(FakeAlipayUser user)
    {
        var browser = new ProviderBrowser(_app);
        var (status, location) = await browser.LoginAsync("/login/alipay", authorize => _alipay.ApproveAsync(authorize, user), ReturnUrl);
        return (browser, status, location);
    }

    /// <summary>A login that ends on /login/alipay/failed: the reason, and no external login left behind.</summary>
    private async Task<string?> FailedLoginAsync(FakeAlipayUser user)
    {
        var (browser, status, location) = await LoginAsync(user);
        using var _ = browser;
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await browser.ExternalLoginAsync()).Authenticated, Is.False, "nothing half-done is left");
        TestContext.Out.WriteLine(string.Join('\n', _app.Logs.Where(l => l.Contains("Alipay", StringComparison.Ordinal)).TakeLast(3)));
        return location;
    }

    [Test]
    public async Task The_login_page_offers_Alipay_and_its_button_sends_the_browser_to_Alipay_with_app_id_scope_redirect_uri_and_state()
    {
        using var browser = new ProviderBrowser(_app);
        Assert.That(await browser.Http.GetStringAsync("/login"), Does.Contain("id=\"alipay-login\"").And.Contain("href=\"/login/alipay?returnUrl="));
        using var chinese = new ProviderBrowser(_app, "zh-CN");
        Assert.That(await chinese.Http.GetStringAsync("/login"), Does.Contain("支付宝登录"));

        var authorize = new Uri(await browser.StartAsync("/login/alipay", ReturnUrl));
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Multiple(() =>
        {
            Assert.That(authorize.GetLeftPart(UriPartial.Path), Is.EqualTo(_alipay.BaseUrl + "/oauth2/publicAppAuthorize.htm"));
            Assert.That(query["app_id"].ToString(), Is.EqualTo(FakeAlipayServer.AppId));
            Assert.That(query["scope"].ToString(), Is.EqualTo("auth_user"));
            Assert.That(query["redirect_uri"].ToString(), Is.EqualTo(Callback));
            Assert.That(query["state"].ToString(), Has.Length.GreaterThan(20));
            Assert.That(query.Keys, Is.EquivalentTo(new[] { "app_id", "scope", "redirect_uri", "state" }));
        });
    }

    [Test]
    public async Task Approving_on_Alipay_gives_the_external_login_the_user_id_nickname_avatar_and_tokens()
    {
        var user = FakeAlipayUser.New();
        var verified = _alipay.VerifiedRequests;
        var (browser, status, location) = await LoginAsync(user);
        using var _ = browser;
        var external = await browser.ExternalLoginAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location, Is.EqualTo(HandOff), "the callback's auth_code was taken for the code");
            Assert.That(external.Authenticated, Is.True);
            Assert.That(external.Claim(ClaimTypes.NameIdentifier), Is.EqualTo(user.UserId));
            Assert.That(external.Claim(ClaimTypes.Name), Is.EqualTo(user.NickName));
            Assert.That(external.Claim(ExternalLoginClaims.Avatar), Is.EqualTo(user.AvatarUrl), "read through the escaped slashes");
            Assert.That(external.Claim(ExternalLoginClaims.AppId), Is.EqualTo(FakeAlipayServer.AppId));
            Assert.That(external.Claim(ExternalLoginClaims.UnionId), Is.Null, "Alipay has no unionid");
            Assert.That(external.Claims.Select(c => c.Issuer).Distinct(), Is.EqualTo(new[] { "Alipay" }));
            Assert.That(external.Tokens.Keys, Does.Contain("access_token").And.Contain("refresh_token").And.Contain("expires_at"));
            Assert.That(_alipay.Secrets, Does.Contain(external.Tokens["access_token"]));
            Assert.That(_alipay.VerifiedRequests - verified, Is.EqualTo(2), "both gateway calls signed with the app's key");
        });
    }

    [Test]
    public async Task An_app_on_open_ids_gets_the_open_id_as_the_subject()
    {
        var user = FakeAlipayUser.OnOpenId();
        var (browser, _, location) = await LoginAsync(user);
        using var _ = browser;
        var external = await browser.ExternalLoginAsync();
        Assert.Multiple(() =>
        {
            Assert.That(location, Is.EqualTo(HandOff));
            Assert.That(external.Claim(ClaimTypes.NameIdentifier), Is.EqualTo(user.OpenId));
        });
    }

    [Test]
    public async Task Every_gateway_request_carries_the_common_parameters_in_China_time_and_the_method_parameters()
    {
        _alipay.Requests.Clear();
        var (browser, _, location) = await LoginAsync(FakeAlipayUser.New());
        browser.Dispose();
        Assert.That(location, Is.EqualTo(HandOff));
        var requests = _alipay.Requests.ToList();
        Assert.That(requests.Select(r => r["method"]), Is.EqualTo(new[] { FakeAlipayServer.TokenMethod, FakeAlipayServer.UserInfoMethod }));
        var chinaNow = DateTime.UtcNow.AddHours(8);
        Assert.Multiple(() =>
        {
            foreach (var request in requests)
            {
                Assert.That(request["app_id"], Is.EqualTo(FakeAlipayServer.AppId));
                Assert.That(request["charset"], Is.EqualTo("utf-8"));
                Assert.That(request["sign_type"], Is.EqualTo("RSA2"));
                Assert.That(request["version"], Is.EqualTo("1.0"));
                var sent = DateTime.ParseExact(request["timestamp"], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                Assert.That(sent, Is.EqualTo(chinaNow).Within(TimeSpan.FromMinutes(2)), "UTC+8, not UTC");
            }
            Assert.That(requests[0]["grant_type"], Is.EqualTo("authorization_code"));
            Assert.That(_alipay.Secrets, Does.Contain(requests[0]["code"]));
            Assert.That(_alipay.Secrets, Does.Contain(requests[1]["auth_token"]));
        });
    }

    [Test]
    public async Task A_request_signed_with_a_key_Alipay_does_not_know_is_refused_by_the_gateway()
    {
        _alipay.ExpectAnotherAppKey(true);
        var failures = _alipay.SignatureFailures;
        Assert.Multiple(async () =>
        {
            Assert.That(await FailedLoginAsync(FakeAlipayUser.New()), Is.EqualTo("/login/alipay/failed?reason=Refused"));
            Assert.That(_alipay.SignatureFailures - failures, Is.EqualTo(1), "the fake checked the signature and refused it");
        });
    }

    [Test]
    public async Task Man_in_the_middle_a_token_answer_changed_after_Alipay_signed_it_is_refused()
    {
        _alipay.TokenTricks.Enqueue(AlipayTrick.Tampered);
        Assert.That(await FailedLoginAsync(FakeAlipayUser.New()), Is.EqualTo("/login/alipay/failed?reason=Refused"));
        Assert.That(string.Join('\n', _app.Logs), Does.Contain("Alipay alipay.system.oauth.token answer refused: its signature does not verify"));
    }

    [Test]
    public async Task Forged_answer_a_profile_signed_with_a_key_that_is_not_Alipays_is_refused()
    {
        _alipay.UserInfoTricks.Enqueue(AlipayTrick.SignedWithAnotherKey);
        Assert.That(await FailedLoginAsync(FakeAlipayUser.New()), Is.EqualTo("/login/alipay/failed?reason=Refused"));
    }

    [Test]
    public async Task Forged_answer_an_unsigned_token_answer_is_refused()
    {
        _alipay.TokenTricks.Enqueue(AlipayTrick.NoSignature);
        Assert.That(await FailedLoginAsync(FakeAlipayUser.New()), Is.EqualTo("/login/alipay/failed?reason=Refused"));
    }

    [Test]
    public async Task An_error_response_is_refused_and_the_person_told_Alipay_did_not_confirm()
    {
        _alipay.Token.Add(new ScriptedAnswer(_alipay.SignedAnswer("error_response", new { code = "40002", msg = "Invalid Arguments", sub_code = "isv.code-invalid", sub_msg = "授权码code无效" }), ContentType: "text/html"));
        var (browser, _, location) = await LoginAsync(FakeAlipayUser.New());
        using var _ = browser;
        Assert.Multiple(async () =>
        {
            Assert.That(location, Is.EqualTo("/login/alipay/failed?reason=Refused"));
            Assert.That(await browser.LoginErrorAsync(location!), Is.EqualTo("Alipay did not confirm the login; please try again."));
            Assert.That(string.Join('\n', _app.Logs), Does.Contain("sub_code isv.code-invalid"));
        });
    }

    [Test]
    public async Task A_profile_answer_with_a_failure_code_is_refused()
    {
        _alipay.UserInfo.Add(new ScriptedAnswer(_alipay.SignedAnswer("alipay_user_info_share_response",
            new { code = "40006", msg = "Insufficient Permissions", sub_code = "isv.insufficient-isv-permissions", sub_msg = "ISV权限不足" }), ContentType: "text/html"));
        Assert.That(await FailedLoginAsync(FakeAlipayUser.New()), Is.EqualTo("/login/alipay/failed?reason=Refused"));
    }

    [Test]
    public async Task A_forged_state_is_refused_before_the_gateway_is_called()
    {
        using var browser = new ProviderBrowser(_app);
        var back = await _alipay.ApproveAsync(await browser.StartAsync("/login/alipay", ReturnUrl), FakeAlipayUser.New());
        var query = QueryHelpers.ParseQuery(back.Query);
        var forged = new Uri(QueryHelpers.AddQueryString(Callback, new Dictionary<string, string?>
        {
            ["app_id"] = FakeAlipayServer.AppId, ["auth_code"] = query["auth_code"], ["state"] = "CfDJ8forged-state-value",
        }));
        var before = _alipay.Requests.Count;
        var (_, location) = await browser.ReturnAsync(forged);
        Assert.Multiple(async () =>
        {
            Assert.That(location, Is.EqualTo("/login/alipay/failed?reason=Forged"));
            Assert.That(await browser.LoginErrorAsync(location!), Is.EqualTo("This Alipay login link is invalid or was already used; please log in with Alipay again."));
            Assert.That(_alipay.Requests, Has.Count.EqualTo(before), "the auth_code was not spent");
        });
    }

    [Test]
    public async Task A_replayed_callback_is_refused_and_spends_nothing()
    {
        using var browser = new ProviderBrowser(_app);
        var back = await _alipay.ApproveAsync(await browser.StartAsync("/login/alipay", ReturnUrl), FakeAlipayUser.New());
        Assert.That((await browser.ReturnAsync(back)).Location, Is.EqualTo(HandOff));
        var before = _alipay.Requests.Count;
        var (_, replayed) = await browser.ReturnAsync(back);
        Assert.Multiple(() =>
        {
            Assert.That(replayed, Is.EqualTo("/login/alipay/failed?reason=Forged"), "the correlation cookie was used up the first time");
            Assert.That(_alipay.Requests, Has.Count.EqualTo(before));
        });
    }

    [Test]
    public async Task An_Alipay_that_does_not_answer_makes_the_login_unavailable_with_a_message_not_a_500()
    {
        _alipay.UserInfo.Add(ScriptedAnswer.NoAnswer());
        var (browser, _, location) = await LoginAsync(FakeAlipayUser.New());
        using var _ = browser;
        Assert.Multiple(async () =>
        {
            Assert.That(location, Is.EqualTo("/login/alipay/failed?reason=Unavailable"));
            Assert.That(_alipay.UserInfo.Hung, Is.EqualTo(1), "one attempt: the gateway's POSTs are never repeated");
            Assert.That(await browser.LoginErrorAsync(location!), Is.EqualTo("Alipay login is unavailable right now; please try again later."));
        });
    }

    [Test]
    public async Task An_HTML_page_instead_of_the_gateways_JSON_makes_the_login_unavailable_not_a_500()
    {
        _alipay.Token.Add(ScriptedAnswer.Html());
        Assert.That(await FailedLoginAsync(FakeAlipayUser.New()), Is.EqualTo("/login/alipay/failed?reason=Unavailable"));
    }

    [Test]
    public async Task Logs_never_hold_Alipay_codes_tokens_or_the_private_key()
    {
        var (browser, _, location) = await LoginAsync(FakeAlipayUser.New());
        browser.Dispose();
        Assert.That(location, Is.EqualTo(HandOff));
        var logs = string.Join('\n', _app.Logs);
        Assert.Multiple(() =>
        {
            foreach (var secret in _alipay.Secrets)
                Assert.That(logs, Does.Not.Contain(secret));
            Assert.That(logs, Does.Not.Contain(_alipay.AppPrivateKey[40..80]));
        });
    }
}

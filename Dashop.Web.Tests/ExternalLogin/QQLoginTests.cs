using System.Net;
using System.Security.Claims;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// Spec §15, QQ: the production OAuth handler inside the app host, against a QQ speaking its protocol on loopback. The
/// handler's product is Identity's external cookie with the shared claims, read back through the app.
/// </summary>
public sealed class QQLoginTests
{
    private const string Callback = "http://localhost/signin-qq";
    private const string ReturnUrl = "/account";

    /// <summary>Where the handler hands the provider's answer to the shared flow (its callback), for the page the login was started from.</summary>
    private const string HandOff = "/qq/callback?returnUrl=%2Faccount";

    private FakeQQServer _qq = null!;
    private DashopFactory _app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _qq = await FakeQQServer.StartAsync();
        _app = new DashopFactory(Backend.Embedded, null, _qq.Settings(), services: s => s.AddSingleton<IStartupFilter, ExternalCookieProbe>());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _qq.DisposeAsync();
    }

    [TearDown]
    public void NoProtocolErrors()
    {
        _qq.LegacyShapes = false;
        Assert.That(_qq.Token.Pending + _qq.Me.Pending + _qq.UserInfo.Pending, Is.Zero, "every scripted answer was used");
        Assert.That(_qq.Rejections, Is.Empty, "the fake QQ refused a request as malformed");
    }

    /// <summary>Presses "Log in with QQ", approves on QQ as <paramref name="user"/>, and comes back to the handler's callback.</summary>
    private async Task<(ProviderBrowser Browser, HttpStatusCode Status, string? Location)> LoginAsync(FakeQQUser user)
    {
        var browser = new ProviderBrowser(_app);
        var (status, location) = await browser.LoginAsync("/login/qq", authorize => _qq.ApproveAsync(authorize, user), ReturnUrl);
        return (browser, status, location);
    }

    [Test]
    public async Task The_login_page_offers_QQ_and_its_button_sends_the_browser_to_QQ_with_the_authorize_parameters()
    {
        using var browser = new ProviderBrowser(_app);
        Assert.That(await browser.Http.GetStringAsync("/login"), Does.Contain("id=\"qq-login\"").And.Contain("href=\"/login/qq?returnUrl="));

        var authorize = new Uri(await browser.StartAsync("/login/qq", ReturnUrl));
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Multiple(() =>
        {
            Assert.That(authorize.GetLeftPart(UriPartial.Path), Is.EqualTo(_qq.BaseUrl + "/oauth2.0/authorize"));
            Assert.That(query["response_type"].ToString(), Is.EqualTo("code"));
            Assert.That(query["client_id"].ToString(), Is.EqualTo(FakeQQServer.ClientId));
            Assert.That(query["redirect_uri"].ToString(), Is.EqualTo(Callback));
            Assert.That(query["scope"].ToString(), Is.EqualTo("get_user_info"));
            Assert.That(query["state"].ToString(), Has.Length.GreaterThan(20), "a protected state, not a guessable value");
            Assert.That(query.Keys, Is.EquivalentTo(new[] { "response_type", "client_id", "redirect_uri", "state", "scope" }));
        });
    }

    [Test]
    public async Task Approving_on_QQ_gives_the_external_login_the_openid_unionid_nickname_avatar_and_tokens()
    {
        var user = FakeQQUser.New();
        var (browser, status, location) = await LoginAsync(user);
        using var _ = browser;
        var external = await browser.ExternalLoginAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location, Is.EqualTo(HandOff), "the handler hands over to where the login was started for");
            Assert.That(external.Authenticated, Is.True);
            Assert.That(external.Claim(ClaimTypes.NameIdentifier), Is.EqualTo(user.OpenId));
            Assert.That(external.Claim(ClaimTypes.Name), Is.EqualTo(user.Nickname));
            Assert.That(external.Claim(ExternalLoginClaims.UnionId), Is.EqualTo(user.UnionId));
            Assert.That(external.Claim(ExternalLoginClaims.Avatar), Is.EqualTo(user.AvatarUrl));
            Assert.That(external.Claim(ExternalLoginClaims.AppId), Is.EqualTo(FakeQQServer.ClientId));
            Assert.That(external.Claims.Select(c => c.Issuer).Distinct(), Is.EqualTo(new[] { "QQ" }), "every claim issued by the scheme");
            Assert.That(external.Tokens.Keys, Does.Contain("access_token").And.Contain("refresh_token").And.Contain("expires_at"));
            Assert.That(_qq.Secrets, Does.Contain(external.Tokens["access_token"]));
        });
    }

    [Test]
    public async Task Answers_in_QQs_query_string_and_JSONP_shapes_are_read_as_well_as_JSON()
    {
        _qq.LegacyShapes = true;
        var user = FakeQQUser.New();
        var (browser, _, location) = await LoginAsync(user);
        using var _ = browser;
        var external = await browser.ExternalLoginAsync();
        Assert.Multiple(() =>
        {
            Assert.That(location, Is.EqualTo(HandOff));
            Assert.That(external.Claim(ClaimTypes.NameIdentifier), Is.EqualTo(user.OpenId));
            Assert.That(external.Claim(ExternalLoginClaims.UnionId), Is.EqualTo(user.UnionId));
        });
    }

    [Test]
    public async Task A_forged_state_is_refused_before_QQ_is_asked_for_a_token()
    {
        using var browser = new ProviderBrowser(_app);
        var back = await _qq.ApproveAsync(await browser.StartAsync("/login/qq", ReturnUrl), FakeQQUser.New());
        var forged = new Uri(QueryHelpers.AddQueryString(Callback, new Dictionary<string, string?>
        {
            ["code"] = QueryHelpers.ParseQuery(back.Query)["code"], ["state"] = "CfDJ8forged-state-value",
        }));
        var before = _qq.TokenRequests;

        var (_, location) = await browser.ReturnAsync(forged);
        Assert.Multiple(async () =>
        {
            Assert.That(location, Is.EqualTo("/login/qq/failed?reason=Forged"));
            Assert.That(await browser.LoginErrorAsync(location!), Is.EqualTo("This QQ login link is invalid or was already used; please log in with QQ again."));
            Assert.That(_qq.TokenRequests, Is.EqualTo(before), "the code was not spent");
            Assert.That((await browser.ExternalLoginAsync()).Authenticated, Is.False);
        });
    }

    [Test]
    public async Task A_replayed_callback_is_refused_and_spends_nothing()
    {
        var (browser, _, first) = await LoginAsync(FakeQQUser.New());
        using var _ = browser;
        Assert.That(first, Is.EqualTo(HandOff));
        var back = await _qq.ApproveAsync(await browser.StartAsync("/login/qq", ReturnUrl), FakeQQUser.New());
        Assert.That((await browser.ReturnAsync(back)).Location, Is.EqualTo(HandOff));
        var before = _qq.TokenRequests;

        var (_, replayed) = await browser.ReturnAsync(back);
        Assert.Multiple(() =>
        {
            Assert.That(replayed, Is.EqualTo("/login/qq/failed?reason=Forged"), "the correlation cookie was used up the first time");
            Assert.That(_qq.TokenRequests, Is.EqualTo(before));
        });
    }

    [Test]
    public async Task A_QQ_token_error_tells_the_person_QQ_did_not_confirm_and_leaves_no_external_login()
    {
        _qq.Token.Add(new ScriptedAnswer("""{"error":100019,"error_description":"code to access token error"}"""));
        var (browser, _, location) = await LoginAsync(FakeQQUser.New());
        using var _ = browser;
        Assert.Multiple(async () =>
        {
            Assert.That(location, Is.EqualTo("/login/qq/failed?reason=Refused"));
            Assert.That(await browser.LoginErrorAsync(location!), Is.EqualTo("QQ did not confirm the login; please try again."));
            Assert.That((await browser.ExternalLoginAsync()).Authenticated, Is.False);
        });
    }

    [Test]
    public async Task A_QQ_error_in_JSONP_despite_fmt_json_is_still_read_as_QQs_refusal()
    {
        _qq.Me.Add(new ScriptedAnswer("""callback( {"error":100016,"error_description":"access token check failed",} );""", ContentType: "text/html"));
        var (browser, _, location) = await LoginAsync(FakeQQUser.New());
        using var _ = browser;
        Assert.That(location, Is.EqualTo("/login/qq/failed?reason=Refused"));
    }

    [Test]
    public async Task An_app_without_unionid_permission_still_signs_in_by_openid_without_a_unionid()
    {
        _qq.Me.Add(new ScriptedAnswer("""{"error":100048,"error_description":"companyid not set"}"""));
        var user = FakeQQUser.New();
        var (browser, _, location) = await LoginAsync(user);
        using var _ = browser;
        var external = await browser.ExternalLoginAsync();
        Assert.Multiple(() =>
        {
            Assert.That(location, Is.EqualTo(HandOff));
            Assert.That(external.Claim(ClaimTypes.NameIdentifier), Is.EqualTo(user.OpenId));
            Assert.That(external.Claim(ExternalLoginClaims.UnionId), Is.Null, "asked again without unionid=1");
        });
    }

    [Test]
    public async Task A_get_user_info_ret_error_is_refused()
    {
        _qq.UserInfo.Add(new ScriptedAnswer("""{"ret":100030,"msg":"user not authorized get_user_info"}"""));
        var (browser, _, location) = await LoginAsync(FakeQQUser.New());
        using var _ = browser;
        Assert.That(location, Is.EqualTo("/login/qq/failed?reason=Refused"));
    }

    [Test]
    public async Task A_token_QQ_granted_to_another_app_is_refused()
    {
        var user = FakeQQUser.New();
        _qq.Me.Add(new ScriptedAnswer($$"""{"client_id":"100000999","openid":"{{user.OpenId}}","unionid":"{{user.UnionId}}"}"""));
        var (browser, _, location) = await LoginAsync(user);
        using var _ = browser;
        Assert.Multiple(async () =>
        {
            Assert.That(location, Is.EqualTo("/login/qq/failed?reason=Refused"));
            Assert.That((await browser.ExternalLoginAsync()).Authenticated, Is.False);
        });
    }

    [Test]
    public async Task A_QQ_that_does_not_answer_makes_the_login_unavailable_with_a_message_not_a_500()
    {
        _qq.Token.Add(ScriptedAnswer.NoAnswer());
        var (browser, status, location) = await LoginAsync(FakeQQUser.New());
        using var _ = browser;
        Assert.Multiple(async () =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location, Is.EqualTo("/login/qq/failed?reason=Unavailable"));
            Assert.That(_qq.Token.Hung, Is.EqualTo(1), "one attempt: a code is never sent twice");
            Assert.That(await browser.LoginErrorAsync(location!), Is.EqualTo("QQ login is unavailable right now; please try again later."));
        });
    }

    [Test]
    public async Task An_HTML_page_instead_of_JSON_makes_the_login_unavailable_not_a_500()
    {
        // With HTTP 200: nothing a retry would change.
        _qq.Me.Add(ScriptedAnswer.Html());
        var (browser, status, location) = await LoginAsync(FakeQQUser.New());
        using var _ = browser;
        Assert.Multiple(async () =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location, Is.EqualTo("/login/qq/failed?reason=Unavailable"));
            Assert.That((await browser.ExternalLoginAsync()).Authenticated, Is.False);
        });
    }

    [Test]
    public async Task Logs_never_hold_QQ_codes_or_tokens()
    {
        var (browser, _, location) = await LoginAsync(FakeQQUser.New());
        browser.Dispose();
        _qq.Token.Add(new ScriptedAnswer("""{"error":100020,"error_description":"code is reused error"}"""));
        (browser, _, _) = await LoginAsync(FakeQQUser.New());
        browser.Dispose();
        Assert.That(location, Is.EqualTo(HandOff));
        var logs = string.Join('\n', _app.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(logs, Does.Contain("QQ token refused"), "the refusal itself is logged");
            foreach (var secret in _qq.Secrets)
                Assert.That(logs, Does.Not.Contain(secret));
        });
    }
}

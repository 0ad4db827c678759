using System.Net;
using Dashop.Contracts;
using Dashop.Web.Features.Notices;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Tests.WeiboLogin;

/// <summary>
/// Spec §18, issue 22 point 1: a session (a stolen cookie, one ended by "sign out everywhere") must not link its own Weibo to
/// the account and sign in with it ever after. Linking and unlinking need a recent proof (§15) and a session that has not
/// ended, checked on that request and again at Weibo's callback; each link and unlink is told to the confirmed address.
/// The clock stands still: everything happens inside the cookie's one-minute validation.
/// </summary>
public sealed class WeiboLinkReauthenticationTests
{
    private const string LinkPath = "/account/weibo/link";

    private WeiboTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await WeiboTestHost.StartAsync(Backend.Embedded, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TearDown]
    public void NoProtocolErrors() => _host.AssertNoProtocolErrors();

    /// <summary>An account with a confirmed e-mail address, made through /v1.</summary>
    private async Task<(string Username, string Email)> AccountAsync()
    {
        var (phone, code) = await _host.SmsCodeAsync();
        var username = TestData.Username("rl");
        var email = $"{username}@example.com";
        var (_, registered) = await _host.Api.PostJsonAsync("/v1/users", new { uname = username, password = TestData.Password, phone, email, verify = code });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());
        await _host.QueryAsync(db => db.Users.Where(u => u.UserName == username).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true)));
        return (username, email);
    }

    private async Task<WeiboBrowser> SignedInAsync(string username)
    {
        var browser = new WeiboBrowser(_host.App, _host.Weibo);
        using var login = await browser.Http.PostFormAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Login"] = username, ["Password"] = TestData.Password,
        });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return browser;
    }

    /// <summary>Presses "Link Weibo": where Dashop sends the browser.</summary>
    private static async Task<string> PressLinkAsync(WeiboBrowser browser)
    {
        using var pressed = await browser.Http.GetAsync(LinkPath);
        Assert.That(pressed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return pressed.Headers.Location!.ToString();
    }

    private async Task<string?> LinkedToAsync(FakeWeiboUser weiboUser) => (await _host.ProfileAsync(weiboUser))?.UserId;

    [Test]
    public async Task Takeover_linking_weibo_needs_reauthentication()
    {
        var (username, _) = await AccountAsync();
        using var browser = await SignedInAsync(username);
        var weiboUser = FakeWeiboUser.New();

        var sentTo = await PressLinkAsync(browser);
        Assert.That(sentTo, Is.EqualTo("/account/reauth?returnUrl=%2Faccount%2Fweibo%2Flink"), "a signed-in session alone is not enough");
        using (var page = await browser.Http.GetAsync(sentTo))
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("id=\"reauth-password-form\"").And.Contain("Confirm it is you"));
        Assert.That(await LinkedToAsync(weiboUser), Is.Null);

        using (var wrong = await browser.Http.PostFormAsync(sentTo, "/account/reauth", new Dictionary<string, string>
               {
                   ["Password"] = "not the password", ["ReturnUrl"] = LinkPath,
               }))
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("id=\"reauth-error\"").And.Contain("data-field=\"password\""));
        }
        Assert.That(await PressLinkAsync(browser), Is.EqualTo(sentTo));

        await Reauthenticate.WithPasswordAsync(browser.Http, LinkPath);
        var authorize = await PressLinkAsync(browser);
        Assert.That(authorize, Does.StartWith(_host.Weibo.BaseUrl + "/oauth2/authorize"), "back to the link flow");
        Assert.That(await browser.ReturnAsync(await _host.Weibo.ApproveAsync(authorize, weiboUser)), Is.EqualTo("/account"));
        Assert.That(await LinkedToAsync(weiboUser), Is.EqualTo((await _host.UserAsync(username))!.Id));
    }

    [Test]
    public async Task Takeover_an_ended_session_cannot_link_weibo_inside_the_minute()
    {
        var (username, _) = await AccountAsync();
        using var victim = await SignedInAsync(username);
        // The attacker knew the password and proved it in their session, then started linking their own Weibo.
        using var attacker = await SignedInAsync(username);
        await Reauthenticate.WithPasswordAsync(attacker.Http, LinkPath);
        var attackerWeibo = FakeWeiboUser.New();
        var authorize = await PressLinkAsync(attacker);
        Assert.That(authorize, Does.StartWith(_host.Weibo.BaseUrl));

        // The victim notices and signs out everywhere; the attacker comes back from Weibo within the minute.
        using (var ended = await victim.Http.PostFormAsync("/account", "/account/sign-out-everywhere", new Dictionary<string, string>()))
            Assert.That(ended.Headers.Location?.OriginalString, Is.EqualTo("/login"));
        Assert.That(await attacker.ReturnAsync(await _host.Weibo.ApproveAsync(authorize, attackerWeibo)), Is.EqualTo("/login"));
        Assert.That(await LinkedToAsync(attackerWeibo), Is.Null, "nothing was linked");

        Assert.That(await PressLinkAsync(attacker), Does.Contain("/login"), "the session was signed out");
        using var later = new WeiboBrowser(_host.App, _host.Weibo);
        Assert.That(await later.LoginAsync(attackerWeibo), Does.StartWith("/weibo/bind"), "the attacker's Weibo signs in to nothing");
    }

    [Test]
    public async Task Linking_weibo_sends_a_security_notice()
    {
        var (username, email) = await AccountAsync();
        using var browser = await SignedInAsync(username);
        await Reauthenticate.WithPasswordAsync(browser.Http, LinkPath);
        var weiboUser = FakeWeiboUser.New();
        Assert.That(await browser.ReturnAsync(await _host.Weibo.ApproveAsync(await PressLinkAsync(browser), weiboUser)), Is.EqualTo("/account"));
        Assert.That(await LinkedToAsync(weiboUser), Is.Not.Null);

        // Published inside the callback's request, before its answer.
        var notice = _host.Factory.Bus.Published<SendAccountNotice>().Single(m => m.To == email);
        Assert.Multiple(() =>
        {
            Assert.That(notice.Kind, Is.EqualTo(AccountNoticeKind.ProviderLinked));
            Assert.That(notice.Detail, Is.EqualTo("Weibo"));
            Assert.That(notice.UserName, Is.EqualTo(username));
        });
    }

    [Test]
    public async Task Unlinking_weibo_needs_reauthentication_and_sends_a_security_notice()
    {
        var (username, email) = await AccountAsync();
        using var browser = await SignedInAsync(username);
        await Reauthenticate.WithPasswordAsync(browser.Http, LinkPath);
        var weiboUser = FakeWeiboUser.New();
        Assert.That(await browser.ReturnAsync(await _host.Weibo.ApproveAsync(await PressLinkAsync(browser), weiboUser)), Is.EqualTo("/account"));

        // Another session of the account, with no proof of its own.
        using var other = await SignedInAsync(username);
        using (var refused = await other.Http.PostFormAsync("/account", "/account/weibo/unlink", new Dictionary<string, string>()))
            Assert.That(Reauthenticate.ReturnUrlOf(refused), Is.EqualTo("/account"));
        Assert.That(await LinkedToAsync(weiboUser), Is.Not.Null, "still linked");

        await Reauthenticate.WithPasswordAsync(other.Http);
        using (var unlinked = await other.Http.PostFormAsync("/account", "/account/weibo/unlink", new Dictionary<string, string>()))
            Assert.That(unlinked.Headers.Location?.OriginalString, Is.EqualTo("/account"));
        Assert.That(await LinkedToAsync(weiboUser), Is.Null);
        Assert.That(_host.Factory.Bus.Published<SendAccountNotice>().Where(m => m.To == email).Select(m => (m.Kind, m.Detail)),
            Is.EqualTo(new[] { (AccountNoticeKind.ProviderLinked, (string?)"Weibo"), (AccountNoticeKind.ProviderUnlinked, (string?)"Weibo") }));
    }
}

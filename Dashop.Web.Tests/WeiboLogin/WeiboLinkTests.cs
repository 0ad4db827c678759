using System.Net;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.WeiboLogin;

/// <summary>
/// Spec §11: linking Weibo while signed in, through the same OAuth handler as the login (a "link" intent in its protected
/// properties); refused when the Weibo account is bound elsewhere. Also the consent box of the bind page's new account.
/// </summary>
public sealed class WeiboLinkTests
{
    private WeiboTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await WeiboTestHost.StartAsync(Backend.Embedded);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TearDown]
    public void NoProtocolErrors() => _host.AssertNoProtocolErrors();

    /// <summary>A new account made through /v1, and a browser signed in to it through /login.</summary>
    private async Task<(WeiboBrowser Browser, string Username)> SignedInAsync()
    {
        var (phone, code) = await _host.SmsCodeAsync();
        var username = TestData.Username("lk");
        var (_, registered) = await _host.Api.PostJsonAsync("/v1/users", new
        {
            uname = username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code,
        });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());
        var browser = new WeiboBrowser(_host.App, _host.Weibo);
        using var login = await browser.Http.PostFormAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Login"] = username, ["Password"] = TestData.Password,
        });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return (browser, username);
    }

    /// <summary>
    /// Follows "Link Weibo" on /account, proves the session with the password when sent to do so, approves on Weibo as
    /// <paramref name="weiboUser"/>, and follows Dashop's redirects.
    /// </summary>
    private async Task<string> LinkAsync(WeiboBrowser browser, FakeWeiboUser weiboUser)
    {
        Assert.That(await browser.Http.GetStringAsync("/account"), Does.Contain("href=\"/account/weibo/link\""));
        var pressed = await browser.Http.GetAsync("/account/weibo/link");
        if (Reauthenticate.ReturnUrlOf(pressed) is { } back)
        {
            pressed.Dispose();
            Assert.That(back, Is.EqualTo("/account/weibo/link"));
            await Reauthenticate.WithPasswordAsync(browser.Http, back);
            pressed = await browser.Http.GetAsync(back);
        }
        using var _ = pressed;
        Assert.That(pressed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await pressed.Content.ReadAsStringAsync());
        var authorize = pressed.Headers.Location!.ToString();
        Assert.That(authorize, Does.StartWith(_host.Weibo.BaseUrl + "/oauth2/authorize"));
        return await browser.ReturnAsync(await _host.Weibo.ApproveAsync(authorize, weiboUser));
    }

    [Test]
    public async Task A_signed_in_person_links_Weibo_on_the_account_page_and_then_logs_in_with_it()
    {
        var (browser, username) = await SignedInAsync();
        using var _ = browser;
        Assert.That(await browser.Http.GetStringAsync("/account"), Does.Contain("id=\"weibo-link\""));
        var weiboUser = FakeWeiboUser.New();

        Assert.That(await LinkAsync(browser, weiboUser), Is.EqualTo("/account"));
        var page = await browser.Http.GetStringAsync("/account");
        Assert.Multiple(async () =>
        {
            Assert.That(page, Does.Contain("Your Weibo account is now linked.").And.Contain(weiboUser.ScreenName).And.Contain("id=\"weibo-unlink\""));
            Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.EqualTo((await _host.UserAsync(username))!.Id));
            Assert.That(await browser.SignedInUserAsync(), Is.EqualTo(username), "still signed in as the same person");
        });

        using var later = new WeiboBrowser(_host.App, _host.Weibo);
        Assert.That(await later.LoginAsync(weiboUser, "/cart"), Is.EqualTo("/cart"));
        Assert.That(await later.SignedInUserAsync(), Is.EqualTo(username));
    }

    [Test]
    public async Task Linking_a_Weibo_account_bound_to_another_account_is_refused_with_a_message()
    {
        var weiboUser = FakeWeiboUser.New();
        var (first, firstName) = await SignedInAsync();
        using (first)
            Assert.That(await LinkAsync(first, weiboUser), Is.EqualTo("/account"));

        var (second, secondName) = await SignedInAsync();
        using var _ = second;
        Assert.That(await LinkAsync(second, weiboUser), Is.EqualTo("/account"));
        var page = await second.Http.GetStringAsync("/account");
        Assert.Multiple(async () =>
        {
            Assert.That(page, Does.Contain("This Weibo account is already linked to a Dashop account.").And.Contain("id=\"weibo-link\""));
            Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.EqualTo((await _host.UserAsync(firstName))!.Id));
            Assert.That(await second.SignedInUserAsync(), Is.EqualTo(secondName));
        });
    }

    [Test]
    public async Task Linking_needs_a_signed_in_person()
    {
        using var anonymous = _host.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await anonymous.GetAsync("/account/weibo/link");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.OriginalString, Does.Contain("/login").And.Not.Contain(_host.Weibo.BaseUrl));
    }

    [Test]
    public async Task The_bind_page_creates_no_account_without_consent()
    {
        var weiboUser = FakeWeiboUser.New();
        using var browser = new WeiboBrowser(_host.App, _host.Weibo);
        Assert.That(await browser.LoginAsync(weiboUser), Does.StartWith("/weibo/bind"));
        Assert.That(await browser.Http.GetStringAsync("/weibo/bind"), Does.Contain("id=\"TermsAccepted\""));

        var (phone, code) = await _host.SmsCodeAsync();
        var username = TestData.Username("wbn");
        using var refused = await browser.BindNewAccountAsync("/", new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = TestData.Password, ["Phone"] = phone, ["Email"] = $"{username}@example.com", ["Code"] = code,
        });
        Assert.That(await refused.Content.ReadAsStringAsync(),
            Does.Contain("data-valmsg-for=\"TermsAccepted\"").And.Contain("Please agree to the terms and privacy policy."));
        Assert.Multiple(async () =>
        {
            Assert.That(await _host.UserAsync(username), Is.Null);
            Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.Null);
        });
    }
}

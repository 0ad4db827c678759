using System.Net;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dashop.Web.Tests.PasswordReset.PasswordResetTestHost;

namespace Dashop.Web.Tests.Account;

/// <summary>
/// Spec §15 and §18, on a clock of its own: /account/reauth proves a session with the password or a <c>reauth</c> code sent
/// to the account's own phone, for <c>Security:ReauthenticationWindow</c> (5 minutes), in that session only; an ended session
/// (signed out everywhere, or its password changed) can change nothing, even before its cookie's next validation.
/// </summary>
public sealed class ReauthenticationTests
{
    private const string LinkPath = "/account/weibo/link";

    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.OwnHostAsync(Backend.Embedded, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    /// <summary>"Link Weibo" (the simulator stands in): the re-authentication page's return address, or null when it went to Weibo.</summary>
    private static async Task<string?> LinkNeedsProofAsync(HttpClient browser)
    {
        using var pressed = await browser.GetAsync(LinkPath);
        Assert.That(pressed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return Reauthenticate.ReturnUrlOf(pressed);
    }

    [Test]
    public async Task Reauthentication_by_sms_code_goes_to_the_accounts_own_phone()
    {
        var account = await _factory.CreateAccountAsync();
        using var browser = await _factory.SignedInAsync(account);
        var elsewhere = TestData.Phone();

        using (var page = await browser.GetAsync(Reauthenticate.Page + "?returnUrl=" + Uri.EscapeDataString(LinkPath)))
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("id=\"reauth-send-code\"").And.Contain(account.Phone[..3] + "****" + account.Phone[^4..]));
        using (var asked = await browser.PostFormAsync(Reauthenticate.Page, "/account/reauth/code", new Dictionary<string, string>
               {
                   ["phone"] = elsewhere, ["Phone"] = elsewhere, ["ReturnUrl"] = LinkPath,
               }))
            Assert.That(await asked.Content.ReadAsStringAsync(), Does.Contain("id=\"reauth-notice\""));
        var code = await _ronglian.WaitForCodeAsync(account.Phone);

        // No other way asks for a reauth code to a number of one's choosing.
        using (var page = await browser.PostFormAsync("/account", "/sms/code", new Dictionary<string, string> { ["phone"] = elsewhere, ["purpose"] = "reauth" }))
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var api = _factory.CreateClient();
        var (_, v1) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = elsewhere, purpose = "reauth" });
        Assert.That(v1.Code(), Is.Not.EqualTo(200));
        Assert.That(_ronglian.To(elsewhere), Is.Empty, "no code went to another phone");

        using (var wrong = await browser.PostFormAsync(Reauthenticate.Page, "/account/reauth/sms", new Dictionary<string, string>
               {
                   ["Code"] = code == "000000" ? "111111" : "000000", ["ReturnUrl"] = LinkPath,
               }))
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("data-field=\"code\""));
        }
        Assert.That(await LinkNeedsProofAsync(browser), Is.EqualTo(LinkPath), "a wrong code proves nothing");

        using (var proved = await browser.PostFormAsync(Reauthenticate.Page, "/account/reauth/sms", new Dictionary<string, string>
               {
                   ["Code"] = code, ["ReturnUrl"] = LinkPath,
               }))
            Assert.That(proved.Headers.Location?.OriginalString, Is.EqualTo(LinkPath));
        Assert.That(await LinkNeedsProofAsync(browser), Is.Null, "on to Weibo");
    }

    [Test]
    public async Task Reauthentication_expires_after_the_window()
    {
        var account = await _factory.CreateAccountAsync();
        using var browser = await _factory.SignedInAsync(account);
        Assert.That(await LinkNeedsProofAsync(browser), Is.EqualTo(LinkPath), "signing in is not a proof");

        await Reauthenticate.WithPasswordAsync(browser, LinkPath);
        Assert.That(await LinkNeedsProofAsync(browser), Is.Null);

        // Past the cookie's one-minute validation, which builds a new principal: the proof goes over to it.
        _factory.FakeTime!.Advance(TimeSpan.FromMinutes(4));
        Assert.That(await LinkNeedsProofAsync(browser), Is.Null);

        _factory.FakeTime.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.That(await LinkNeedsProofAsync(browser), Is.EqualTo(LinkPath), "five minutes after the proof");
    }

    [Test]
    public async Task A_proof_belongs_to_its_session_and_ends_with_it()
    {
        var account = await _factory.CreateAccountAsync();
        using var here = await _factory.SignedInAsync(account);
        using var elsewhere = await _factory.SignedInAsync(account);

        await Reauthenticate.WithPasswordAsync(here, LinkPath);
        Assert.That(await LinkNeedsProofAsync(here), Is.Null);
        Assert.That(await LinkNeedsProofAsync(elsewhere), Is.EqualTo(LinkPath), "another session of the account has no proof");

        using (var signedOut = await here.PostFormAsync("/", "/logout", new Dictionary<string, string>()))
            Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var again = await _factory.SignedInAsync(account);
        Assert.That(await LinkNeedsProofAsync(again), Is.EqualTo(LinkPath), "a proof does not outlive its session");
    }

    [Test]
    public async Task The_account_forms_current_password_is_a_proof_and_a_new_password_keeps_it()
    {
        var account = await _factory.CreateAccountAsync();
        using var browser = await _factory.SignedInAsync(account);
        using (var changed = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
               {
                   ["Password"] = TestData.Password, ["NewPassword"] = NewPassword,
               }))
            Assert.That(changed.Headers.Location?.OriginalString, Is.EqualTo("/account"));
        Assert.That(await LinkNeedsProofAsync(browser), Is.Null);
    }

    [Test]
    public async Task Takeover_an_ended_session_changes_nothing_inside_the_minute()
    {
        var account = await _factory.CreateAccountAsync();
        using var victim = await _factory.SignedInAsync(account);
        // The attacker's sessions, each with a form of the account page got before the victim ended them.
        var attacks = new (string Action, Dictionary<string, string> Fields)[]
        {
            ("/account/email", new() { ["Email"] = $"attacker-{account.Username}@example.com", ["Password"] = TestData.Password }),
            ("/account/reauth", new() { ["Password"] = TestData.Password, ["ReturnUrl"] = LinkPath }),
            ("/account/delete", new() { ["UserName"] = account.Username, ["Password"] = TestData.Password }),
        };
        var attackers = new List<(HttpClient Browser, string Token)>();
        foreach (var _ in attacks)
        {
            var browser = await _factory.SignedInAsync(account);
            attackers.Add((browser, await browser.AntiforgeryTokenAsync("/account")));
        }

        using (var ended = await victim.PostFormAsync("/account", "/account/sign-out-everywhere", new Dictionary<string, string>()))
            Assert.That(ended.Headers.Location?.OriginalString, Is.EqualTo("/login"));

        // Inside the minute (the clock does not move), with the password the attacker knew.
        for (var i = 0; i < attacks.Length; i++)
        {
            var (browser, token) = attackers[i];
            using (browser)
            {
                using var refused = await browser.PostAsync(attacks[i].Action,
                    new FormUrlEncodedContent(new Dictionary<string, string>(attacks[i].Fields) { ["__RequestVerificationToken"] = token }));
                Assert.That(refused.Headers.Location?.OriginalString, Is.EqualTo("/login"), attacks[i].Action);
                using var gone = await browser.GetAsync("/account");
                Assert.That(gone.Headers.Location?.OriginalString, Does.Contain("/login"), "the session was signed out");
            }
        }

        var user = await _factory.UserAsync(account.Username);
        await using var scope = _factory.Services.CreateAsyncScope();
        var pending = await scope.ServiceProvider.GetRequiredService<DashopDbContext>().UserTokens.AsNoTracking()
            .AnyAsync(t => t.UserId == user.Id);
        Assert.That(pending, Is.False, "no e-mail change was asked for, and the account is still there");
    }

    [Test]
    public async Task Account_posts_are_rate_limited_per_account_and_per_address()
    {
        await using var limited = new DashopFactory(Backend.Embedded, _ronglian, new Dictionary<string, string?>
        {
            ["RateLimits:AccountPostsPerMinute"] = "2",
            ["RateLimits:AccountPostsPerMinutePerIp"] = "3",
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
        }, services: s => s.AddTransient<IStartupFilter, ArriveFromLoopback>());
        var alice = await limited.CreateAccountAsync();
        var bob = await limited.CreateAccountAsync();

        async Task<HttpStatusCode> PostFromAsync(HttpClient browser)
        {
            // An empty phone is refused before any password or code is checked: each post costs only its rate limit.
            using var response = await browser.PostFormAsync("/account", "/account/phone", new Dictionary<string, string> { ["Phone"] = "" });
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.That(html, Does.Contain("id=\"phone-error\"").And.Contain("请等待一分钟后再试"), "the form comes back saying why");
            return response.StatusCode;
        }
        async Task<HttpClient> FromAsync(TestAccount account, string address)
        {
            var browser = await limited.SignedInAsync(account);
            browser.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            return browser;
        }

        using var aliceHome = await FromAsync(alice, "203.0.113.10");
        var aliceHomeAnswers = new[] { await PostFromAsync(aliceHome), await PostFromAsync(aliceHome), await PostFromAsync(aliceHome) };
        using var aliceCafe = await FromAsync(alice, "198.51.100.20");
        var aliceCafeAnswer = await PostFromAsync(aliceCafe);
        using var bobHome = await FromAsync(bob, "203.0.113.10");
        var bobHomeAnswers = new[] { await PostFromAsync(bobHome), await PostFromAsync(bobHome) };

        Assert.Multiple(() =>
        {
            Assert.That(aliceHomeAnswers, Is.EqualTo(new[] { HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests }), "per account");
            Assert.That(aliceCafeAnswer, Is.EqualTo(HttpStatusCode.TooManyRequests), "the account's limit holds from another address");
            Assert.That(bobHomeAnswers, Is.EqualTo(new[] { HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests }), "per address, whatever the account");
        });
    }
}

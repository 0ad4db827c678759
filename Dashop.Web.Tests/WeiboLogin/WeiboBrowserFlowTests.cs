using System.Net;
using Dashop.Contracts;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.WeiboLogin;

/// <summary>Spec §3, §8: "Log in with Weibo" on the pages, through the OAuth handler, against a fake Weibo on loopback.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
public sealed class WeiboBrowserFlowTests(Backend backend)
{
    private WeiboTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await WeiboTestHost.StartAsync(backend);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TearDown]
    public void NoProtocolErrors() => _host.AssertNoProtocolErrors();

    private FakeWeiboServer Weibo => _host.Weibo;

    private WeiboBrowser Browser(string language = "en") => new(_host.App, _host.Weibo, language);

    private async Task<Dictionary<string, string>> NewAccountFieldsAsync()
    {
        var (phone, code) = await _host.SmsCodeAsync();
        var username = TestData.Username("wb");
        return new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = TestData.Password,
            ["Phone"] = phone,
            ["Email"] = $"{username}@example.com",
            ["Code"] = code,
            ["TermsAccepted"] = "true",
        };
    }

    [Test]
    public async Task The_login_page_offers_Weibo()
    {
        using var browser = Browser();
        var page = await browser.Http.GetStringAsync("/login?returnUrl=%2Forders");
        Assert.That(page, Does.Contain("id=\"weibo-login\"").And.Contain("href=\"/login/weibo?returnUrl=%2Forders\""));
    }

    [Test]
    public async Task The_authorize_request_carries_a_state_and_the_site_callback()
    {
        using var browser = Browser();
        var authorize = new Uri(await browser.StartAsync());
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Multiple(() =>
        {
            Assert.That(authorize.GetLeftPart(UriPartial.Path), Is.EqualTo(Weibo.BaseUrl + "/oauth2/authorize"));
            Assert.That(query["client_id"].ToString(), Is.EqualTo(FakeWeiboServer.ClientId));
            Assert.That(query["response_type"].ToString(), Is.EqualTo("code"));
            Assert.That(query["redirect_uri"].ToString(), Is.EqualTo("http://localhost/signin-weibo"));
            Assert.That(query["state"].ToString(), Has.Length.GreaterThan(20));
            Assert.That(query.ContainsKey("client_secret"), Is.False);
        });
    }

    [Test]
    public async Task First_login_binds_a_new_account_and_the_second_signs_in_directly()
    {
        var weiboUser = FakeWeiboUser.New();
        using var browser = Browser();

        var landed = await browser.LoginAsync(weiboUser, "/orders?page=2");
        Assert.That(landed, Is.EqualTo("/weibo/bind?returnUrl=%2Forders%3Fpage%3D2"));
        Assert.That(await browser.SignedInUserAsync(), Is.Null, "not signed in before the bind");

        var bindPage = await browser.Http.GetStringAsync(landed);
        Assert.Multiple(() =>
        {
            Assert.That(bindPage, Does.Contain(weiboUser.ScreenName));
            Assert.That(bindPage, Does.Contain($"src=\"https://tva1.sinaimg.cn/crop.0.0.180.180.50/{weiboUser.Uid}.jpg\""), "the avatar, over https for the CSP");
            Assert.That(bindPage, Does.Contain("id=\"send-code\"").And.Contain("/js/sms-code.js"));
            Assert.That(bindPage, Does.Not.Contain(weiboUser.Uid + "\" type=\"hidden\""), "the uid is not a form field");
        });
        var firstToken = Weibo.LastAccessToken;
        var stored = await _host.ProfileAsync(weiboUser);
        Assert.That(stored, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.UserId, Is.Null);
            Assert.That(stored.DisplayName, Is.EqualTo(weiboUser.ScreenName));
            Assert.That(stored.ProtectedAccessToken, Does.Not.Contain(firstToken));
            Assert.That(Unprotect(stored.ProtectedAccessToken), Is.EqualTo(firstToken));
            Assert.That(stored.AccessTokenExpiresAtUtc, Is.GreaterThan(DateTime.UtcNow.AddYears(4)));
        });

        var fields = await NewAccountFieldsAsync();
        using var bound = await browser.BindNewAccountAsync("/orders?page=2", fields);
        Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await bound.Content.ReadAsStringAsync());
        Assert.That(bound.Headers.Location!.OriginalString, Is.EqualTo("/orders?page=2"));
        Assert.That(await browser.SignedInUserAsync(), Is.EqualTo(fields["Username"]));

        var user = await _host.UserAsync(fields["Username"]);
        Assert.That(user, Is.Not.Null);
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.EqualTo(user!.Id));
        await Eventually.That(() => Task.FromResult(_host.ActivationEmailSentTo(fields["Email"])));

        // Later, in another browser: Weibo alone signs in, and the stored token is the new one.
        using var later = Browser();
        Assert.That(await later.LoginAsync(weiboUser, "/cart"), Is.EqualTo("/cart"));
        Assert.That(await later.SignedInUserAsync(), Is.EqualTo(fields["Username"]));
        var refreshed = await _host.ProfileAsync(weiboUser);
        Assert.That(Unprotect(refreshed!.ProtectedAccessToken), Is.EqualTo(Weibo.LastAccessToken).And.Not.EqualTo(firstToken));

        var logs = string.Join('\n', _host.Factory.Logs);
        Assert.Multiple(() =>
        {
            foreach (var secret in Weibo.Secrets)
                Assert.That(logs, Does.Not.Contain(secret), "no Weibo code or access token in the logs");
            Assert.That(logs, Does.Not.Contain(TestData.Password));
            Assert.That(logs, Does.Not.Contain(FakeWeiboServer.ClientSecret));
        });
    }

    [Test]
    public async Task Lockout_attack_wrong_passwords_do_not_refuse_the_persons_Weibo_sign_in()
    {
        var weiboUser = FakeWeiboUser.New();
        var fields = await NewAccountFieldsAsync();
        using (var first = Browser())
        {
            Assert.That(await first.LoginAsync(weiboUser), Does.StartWith("/weibo/bind"));
            using var bound = await first.BindNewAccountAsync("/", fields);
            Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await bound.Content.ReadAsStringAsync());
        }
        for (var i = 0; i < 5; i++)
            await _host.Api.PostJsonAsync("/v1/tokens", new { username = fields["Username"], password = $"a stranger's guess {i}" });
        Assert.That((await _host.UserAsync(fields["Username"]))!.LockoutEnd, Is.GreaterThan(DateTimeOffset.UtcNow), "the password is locked");

        using var later = Browser();
        Assert.That(await later.LoginAsync(weiboUser, "/cart"), Is.EqualTo("/cart"));
        Assert.That(await later.SignedInUserAsync(), Is.EqualTo(fields["Username"]), "lockout is about passwords: Weibo signs in");
    }

    [Test]
    public async Task Wrong_passwords_on_the_bind_page_count_towards_the_lockout()
    {
        var fields = await NewAccountFieldsAsync();
        var (_, registered) = await _host.Api.PostJsonAsync("/v1/users", new { uname = fields["Username"], password = TestData.Password, phone = fields["Phone"], email = fields["Email"], verify = fields["Code"] });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());

        var weiboUser = FakeWeiboUser.New();
        using var browser = Browser();
        Assert.That(await browser.LoginAsync(weiboUser), Does.StartWith("/weibo/bind"));
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await browser.BindExistingAccountAsync("/", fields["Username"], $"not the password {i}");
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await _host.UserAsync(fields["Username"]))!.LockoutEnd, Is.GreaterThan(DateTimeOffset.UtcNow), "locked like /login");
        using var right = await browser.BindExistingAccountAsync("/", fields["Username"], TestData.Password);
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the right password is refused while locked");
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.Null);
    }

    [Test]
    public async Task Links_an_existing_account_by_its_password()
    {
        var fields = await NewAccountFieldsAsync();
        var (_, registered) = await _host.Api.PostJsonAsync("/v1/users", new { uname = fields["Username"], password = TestData.Password, phone = fields["Phone"], email = fields["Email"], verify = fields["Code"] });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());

        var weiboUser = FakeWeiboUser.New();
        using var browser = Browser();
        Assert.That(await browser.LoginAsync(weiboUser), Does.StartWith("/weibo/bind"));

        using var wrong = await browser.BindExistingAccountAsync("/", fields["Username"], "not the password");
        var wrongPage = await wrong.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(wrongPage, Does.Contain("Wrong username, phone number or password."));
            Assert.That(wrongPage, Does.Contain($"value=\"{fields["Username"]}\""), "keeps what was typed");
        });
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.Null);

        // By phone number, as on /login.
        using var linked = await browser.BindExistingAccountAsync("/orders", fields["Phone"], TestData.Password);
        Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await linked.Content.ReadAsStringAsync());
        Assert.That(linked.Headers.Location!.OriginalString, Is.EqualTo("/orders"));
        Assert.That(await browser.SignedInUserAsync(), Is.EqualTo(fields["Username"]));
        var user = await _host.UserAsync(fields["Username"]);
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.EqualTo(user!.Id));

        using var again = Browser();
        Assert.That(await again.LoginAsync(weiboUser), Is.EqualTo("/"));
        Assert.That(await again.SignedInUserAsync(), Is.EqualTo(fields["Username"]));

        // The account now has a Weibo account: a second one cannot be linked to it.
        var other = FakeWeiboUser.New();
        using var third = Browser();
        Assert.That(await third.LoginAsync(other), Does.StartWith("/weibo/bind"));
        using var refused = await third.BindExistingAccountAsync("/", fields["Username"], TestData.Password);
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("This Dashop account is already linked to another Weibo account."));
        Assert.That((await _host.ProfileAsync(other))!.UserId, Is.Null);
    }

    [Test]
    public async Task Bind_form_errors_name_the_field_and_create_nothing()
    {
        var weiboUser = FakeWeiboUser.New();
        using var browser = Browser();
        Assert.That(await browser.LoginAsync(weiboUser), Does.StartWith("/weibo/bind"));

        var fields = await NewAccountFieldsAsync();
        fields["Code"] = fields["Code"] == "000000" ? "111111" : "000000";
        using var wrongCode = await browser.BindNewAccountAsync("/", fields);
        var html = await wrongCode.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(wrongCode.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("data-valmsg-for=\"Code\"").And.Contain("Verification code is wrong or has expired."));
            Assert.That(html, Does.Contain($"value=\"{fields["Username"]}\""));
        });
        fields["Phone"] = "12345";
        using var badPhone = await browser.BindNewAccountAsync("/", fields);
        Assert.That(await badPhone.Content.ReadAsStringAsync(), Does.Contain("Phone number is not valid."));

        Assert.That(await _host.UserAsync(fields["Username"]), Is.Null);
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.Null);
    }

    [Test]
    public async Task Denied_access_returns_to_login_with_a_message()
    {
        using var browser = Browser();
        var landed = await browser.ReturnAsync(await Weibo.DenyAsync(await browser.StartAsync()));
        Assert.That(await browser.LoginErrorAsync(landed), Is.EqualTo("You cancelled the login on Weibo."));
        Assert.That(await browser.SignedInUserAsync(), Is.Null);
    }

    [Test]
    public async Task Token_errors_return_to_login_and_are_never_retried()
    {
        foreach (var (answer, message) in new[]
        {
            (FakeWeiboAnswer.WeiboError(21325, "invalid_grant"), "Weibo did not confirm the login; please try again."),
            (FakeWeiboAnswer.Http(502), "Weibo login is unavailable right now; please try again later."),
            (FakeWeiboAnswer.Slow(TimeSpan.FromSeconds(5)), "Weibo login is unavailable right now; please try again later."),
        })
        {
            using var browser = Browser();
            var authorize = await browser.StartAsync();
            var back = await Weibo.ApproveAsync(authorize, FakeWeiboUser.New());
            var before = Weibo.TokenRequests;
            Weibo.ScriptToken(answer);

            var landed = await browser.ReturnAsync(back);
            Assert.That(await browser.LoginErrorAsync(landed), Is.EqualTo(message), answer.ToString());
            Assert.That(Weibo.TokenRequests - before, Is.EqualTo(1), "the code exchange is sent once: codes are single use");
            Assert.That(await browser.SignedInUserAsync(), Is.Null);
        }
    }

    [Test]
    public async Task The_profile_GET_is_retried()
    {
        var weiboUser = FakeWeiboUser.New();
        using var browser = Browser();
        var authorize = await browser.StartAsync();
        var back = await Weibo.ApproveAsync(authorize, weiboUser);
        var before = Weibo.ShowRequests;
        Weibo.ScriptShow(FakeWeiboAnswer.Http(503));

        Assert.That(await browser.ReturnAsync(back), Does.StartWith("/weibo/bind"));
        Assert.That(Weibo.ShowRequests - before, Is.EqualTo(2));
    }

    [Test]
    public async Task A_replayed_callback_or_code_is_refused()
    {
        var weiboUser = FakeWeiboUser.New();
        using var browser = Browser();
        var back = await Weibo.ApproveAsync(await browser.StartAsync(), weiboUser);
        Assert.That(await browser.ReturnAsync(back), Does.StartWith("/weibo/bind"));

        // The same callback again: its correlation cookie is spent, and the person is told the link was used.
        var replayed = await browser.ReturnAsync(back);
        Assert.That(await browser.LoginErrorAsync(replayed), Is.EqualTo("This Weibo login link is invalid or was already used; please log in with Weibo again."));

        // The old code with a fresh state: Weibo refuses it (21325), Dashop does not sign in.
        using var other = Browser();
        var fresh = new Uri(await other.StartAsync());
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(fresh.Query)["state"].ToString();
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(back.Query)["code"].ToString();
        var landed = await other.ReturnAsync(new Uri($"http://localhost/signin-weibo?code={code}&state={Uri.EscapeDataString(state)}"));
        Assert.That(await other.LoginErrorAsync(landed), Is.EqualTo("Weibo did not confirm the login; please try again."));

        // A callback with a state Dashop never issued.
        var forged = await other.ReturnAsync(new Uri("http://localhost/signin-weibo?code=abc&state=forged"));
        Assert.That(await other.LoginErrorAsync(forged), Is.Not.Null);
    }

    [Test]
    public async Task Reloading_the_callback_page_goes_back_to_the_bind_page()
    {
        using var browser = Browser();
        Assert.That(await browser.LoginAsync(FakeWeiboUser.New(), "/cart"), Is.EqualTo("/weibo/bind?returnUrl=%2Fcart"));
        var exchanges = Weibo.TokenRequests;
        using var reloaded = await browser.Http.GetAsync("/weibo/callback?returnUrl=%2Fcart");
        Assert.That(reloaded.Headers.Location!.OriginalString, Is.EqualTo("/weibo/bind?returnUrl=%2Fcart"));
        Assert.That(Weibo.TokenRequests, Is.EqualTo(exchanges));
    }

    [Test]
    public async Task Return_urls_stay_on_the_site()
    {
        var weiboUser = FakeWeiboUser.New();
        var fields = await NewAccountFieldsAsync();
        using var browser = Browser();
        Assert.That(await browser.LoginAsync(weiboUser, "https://evil.example/steal"), Is.EqualTo("/weibo/bind?returnUrl=%2F"));
        using var bound = await browser.BindNewAccountAsync("//evil.example", fields);
        Assert.That(bound.Headers.Location!.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task The_bind_page_needs_a_Weibo_login_from_the_server()
    {
        using var browser = Browser();
        using var page = await browser.Http.GetAsync("/weibo/bind");
        Assert.That(page.Headers.Location!.OriginalString, Is.EqualTo("/login"));
        Assert.That(await browser.LoginErrorAsync("/login"), Is.EqualTo("Your Weibo login has expired; please log in with Weibo again."));

        // A uid posted by the browser means nothing: without the external cookie there is no Weibo account to bind.
        var token = await browser.Http.AntiforgeryTokenAsync("/register");
        using var posted = await browser.Http.PostAsync("/weibo/bind", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["uid"] = "1234567890",
            ["Username"] = TestData.Username(),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.That(posted.Headers.Location!.OriginalString, Is.EqualTo("/login"));
        Assert.That(await _host.QueryAsync(db => db.Set<Features.ExternalLogin.ExternalAccount>().AnyAsync(w => w.Subject == "1234567890")), Is.False);
    }

    [Test]
    public async Task Two_simultaneous_binds_of_one_Weibo_account_leave_exactly_one_link()
    {
        var weiboUser = FakeWeiboUser.New();
        using var first = Browser();
        using var second = Browser();
        Assert.That(await first.LoginAsync(weiboUser), Does.StartWith("/weibo/bind"));
        Assert.That(await second.LoginAsync(weiboUser), Does.StartWith("/weibo/bind"));
        var firstFields = await NewAccountFieldsAsync();
        var secondFields = await NewAccountFieldsAsync();

        var answers = await Task.WhenAll(first.BindNewAccountAsync("/", firstFields), second.BindNewAccountAsync("/", secondFields));
        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Redirect), Is.EqualTo(1));
        var loser = answers.Single(a => a.StatusCode != HttpStatusCode.Redirect);
        Assert.That(await loser.Content.ReadAsStringAsync(), Does.Contain("This Weibo account is already linked to a Dashop account."));

        var winner = answers[0].StatusCode == HttpStatusCode.Redirect ? firstFields : secondFields;
        var lost = ReferenceEquals(winner, firstFields) ? secondFields : firstFields;
        var winnerUser = await _host.UserAsync(winner["Username"]);
        Assert.That(winnerUser, Is.Not.Null);
        Assert.That(await _host.UserAsync(lost["Username"]), Is.Null, "the losing bind's account was rolled back");
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.EqualTo(winnerUser!.Id));
        foreach (var answer in answers)
            answer.Dispose();
    }

    [Test]
    public async Task A_failure_after_the_user_insert_leaves_no_user_and_no_link()
    {
        var weiboUser = FakeWeiboUser.New();
        using var browser = Browser();
        Assert.That(await browser.LoginAsync(weiboUser), Does.StartWith("/weibo/bind"));
        var fields = await NewAccountFieldsAsync();

        _host.Fault.Arm();
        using var failed = await browser.BindNewAccountAsync("/", fields);
        var html = await failed.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(_host.Fault.Failures, Is.GreaterThan(0), "the injected failure ran");
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("The accounts could not be linked because of a database error; nothing was changed. Please try again."));
        });
        Assert.That(await _host.UserAsync(fields["Username"]), Is.Null);
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.Null);
        Assert.That(await browser.SignedInUserAsync(), Is.Null);
        // The activation e-mail is published after the commit and before the answer: none was, and none will be.
        Assert.That(_host.Factory.Bus.Published<SendActivationEmail>().Where(m => m.To == fields["Email"]), Is.Empty,
            "no activation e-mail for an account that does not exist");

        // The code was not consumed and the pending login is still there: trying again works.
        using var retried = await browser.BindNewAccountAsync("/", fields);
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await retried.Content.ReadAsStringAsync());
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.EqualTo((await _host.UserAsync(fields["Username"]))!.Id));
    }

    [Test]
    public async Task The_bind_page_speaks_Chinese_by_default()
    {
        using var browser = Browser("zh-CN");
        var landed = await browser.LoginAsync(FakeWeiboUser.New());
        var page = await browser.Http.GetStringAsync(landed);
        Assert.That(page, Does.Contain("创建新账号"));
    }

    private string Unprotect(string value) =>
        _host.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Features.ExternalLogin.ExternalLoginService.TokenProtectionPurpose("Weibo")).Unprotect(value);
}

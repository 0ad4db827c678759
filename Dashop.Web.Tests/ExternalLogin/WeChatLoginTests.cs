using System.Net;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.ExternalLogin.WeChat;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// Spec §15: "Sign in with WeChat" through the production handler and the one external-login flow, against a fake WeChat
/// on loopback that answers as WeChat does (JSON as text/plain with HTTP 200, errors as {errcode, errmsg}).
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Postgres, Category = TestCategories.Servers)]
public sealed class WeChatLoginTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private FakeWeChatServer _wechat = null!;
    private DashopFactory _factory = null!;
    private HttpClient _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _wechat = await FakeWeChatServer.StartAsync();
        _factory = new DashopFactory(backend, _ronglian, _wechat.Settings(), services: services =>
            // A silent WeChat is given up on after 2 s, not the production 10 s.
            services.AddOptions<WeChatAuthenticationOptions>(WeChatDefaults.Scheme).PostConfigure(o =>
            {
                o.BackchannelTimeout = TimeSpan.FromSeconds(2);
                if (o.Backchannel is { } backchannel)
                    backchannel.Timeout = TimeSpan.FromSeconds(2);
            }));
        _api = _factory.CreateClient();
        _api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
        await _wechat.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    [TearDown]
    public void NoProtocolErrors() => Assert.That(_wechat.Rejections, Is.Empty, "the fake WeChat refused a request as malformed");

    private WeChatBrowser Browser(bool insideWeChat = false, string language = "en") => new(_factory, _wechat, insideWeChat, language);

    [Test]
    public async Task The_QR_authorization_follows_WeChat_rules_and_inside_WeChat_the_Official_Account_is_asked()
    {
        using var desktop = Browser();
        Assert.That(await desktop.Http.GetStringAsync("/login"), Does.Contain("id=\"wechat-login\""));
        var qr = await desktop.StartAsync();
        using var phone = Browser(insideWeChat: true);
        var inApp = await phone.StartAsync();
        Assert.Multiple(() =>
        {
            Assert.That(qr, Does.StartWith(_wechat.BaseUrl + "/connect/qrconnect?appid=" + FakeWeChatServer.QrAppId + "&redirect_uri="));
            Assert.That(qr, Does.Contain("&response_type=code&scope=snsapi_login&state=").And.EndWith("#wechat_redirect"));
            Assert.That(inApp, Does.StartWith(_wechat.BaseUrl + "/connect/oauth2/authorize?appid=" + FakeWeChatServer.InAppAppId + "&redirect_uri="));
            Assert.That(inApp, Does.Contain("&scope=snsapi_userinfo&state=").And.EndWith("#wechat_redirect"));
            var state = QueryHelpers.ParseQuery(new Uri(qr).Query)["state"].ToString();
            Assert.That(state, Does.Match("^[a-zA-Z0-9]{1,128}$"), "WeChat takes at most 128 characters of a-zA-Z0-9");
            Assert.That(qr, Does.Not.Contain("secret"));
        });
    }

    [Test]
    public async Task First_WeChat_sign_in_binds_a_new_account_with_phone_and_code_and_the_next_signs_in_directly()
    {
        var person = FakeWeChatPerson.New();
        using var browser = Browser();
        Assert.That(await browser.SignInAsync(person), Does.StartWith("/wechat/bind"));
        var page = await browser.Http.GetStringAsync("/wechat/bind?returnUrl=%2F");
        Assert.That(page, Does.Contain("Your WeChat account " + person.Name + " is not linked to a Dashop account yet."));

        var fields = await NewAccountFieldsAsync();
        using var bound = await browser.BindNewAccountAsync(fields);
        Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await bound.Content.ReadAsStringAsync());
        Assert.That(await browser.SignedInUserAsync(), Is.EqualTo(fields["Username"]));
        var row = await RowAsync(person);
        var user = await UserAsync(fields["Username"]);
        Assert.Multiple(() =>
        {
            Assert.That(row.UserId, Is.EqualTo(user!.Id));
            Assert.That(row.UnionId, Is.EqualTo(FakeWeChatServer.UnionId(person)));
            Assert.That(row.AppId, Is.EqualTo(FakeWeChatServer.QrAppId));
            Assert.That(row.DisplayName, Is.EqualTo(person.Name));
            Assert.That(row.ProtectedRefreshToken, Is.Not.Null, "WeChat's refresh token is kept, encrypted");
        });

        using var later = Browser();
        Assert.That(await later.SignInAsync(person, "/login/wechat?returnUrl=%2Fcart"), Is.EqualTo("/cart"));
        Assert.That(await later.SignedInUserAsync(), Is.EqualTo(fields["Username"]));
    }

    [Test]
    public async Task A_WeChat_account_links_to_an_existing_account_with_its_password()
    {
        var (username, _) = await ExistingAccountAsync();
        var person = FakeWeChatPerson.New();
        using var browser = Browser();
        Assert.That(await browser.SignInAsync(person), Does.StartWith("/wechat/bind"));
        using var wrong = await browser.BindExistingAccountAsync(username, "not the password");
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("Wrong username, phone number or password."));
        Assert.That((await RowAsync(person)).UserId, Is.Null);

        using var linked = await browser.BindExistingAccountAsync(username, TestData.Password);
        Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await linked.Content.ReadAsStringAsync());
        Assert.That(await browser.SignedInUserAsync(), Is.EqualTo(username));
        Assert.That((await RowAsync(person)).UserId, Is.EqualTo((await UserAsync(username))!.Id));
    }

    [Test]
    public async Task The_same_person_through_QR_and_inside_WeChat_is_one_account()
    {
        var (username, _) = await ExistingAccountAsync();
        var person = FakeWeChatPerson.New();
        using (var desktop = Browser())
        {
            Assert.That(await desktop.SignInAsync(person), Does.StartWith("/wechat/bind"));
            using var linked = await desktop.BindExistingAccountAsync(username, TestData.Password);
            Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        using var phone = Browser(insideWeChat: true);
        Assert.That(await phone.SignInAsync(person), Is.EqualTo("/"), "the Official Account's openid differs, the unionid is the same");
        Assert.That(await phone.SignedInUserAsync(), Is.EqualTo(username));
        var rows = await QueryAsync(db => db.Set<ExternalAccount>().AsNoTracking().Where(a => a.UnionId == FakeWeChatServer.UnionId(person)).ToListAsync());
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0].AppId, Is.EqualTo(FakeWeChatServer.InAppAppId), "the row follows the app of the last sign-in");
        Assert.That(rows[0].Subject, Is.EqualTo(FakeWeChatServer.OpenId(FakeWeChatServer.InAppAppId, person)));
    }

    [Test]
    public async Task Unlinking_WeChat_on_the_account_page_frees_the_WeChat_account()
    {
        var (username, _) = await ExistingAccountAsync();
        var person = FakeWeChatPerson.New();
        using var browser = Browser();
        await browser.SignInAsync(person);
        using (var linked = await browser.BindExistingAccountAsync(username, TestData.Password))
            Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await browser.Http.GetStringAsync("/account"), Does.Contain("id=\"wechat-unlink\""));

        using (var unproven = await browser.Http.PostFormAsync("/account", "/account/wechat/unlink", new Dictionary<string, string>()))
            Assert.That(Reauthenticate.ReturnUrlOf(unproven), Is.EqualTo("/account"), "unlinking needs a recent proof");
        Assert.That((await RowAsync(person)).UserId, Is.Not.Null);

        await Reauthenticate.WithPasswordAsync(browser.Http);
        using var unlinked = await browser.Http.PostFormAsync("/account", "/account/wechat/unlink", new Dictionary<string, string>());
        Assert.That(unlinked.Headers.Location?.OriginalString, Is.EqualTo("/account"));
        Assert.That((await RowAsync(person)).UserId, Is.Null);
        Assert.That(await browser.Http.GetStringAsync("/account"), Does.Contain("id=\"wechat-link\""));
    }

    [Test]
    public async Task A_WeChat_account_linked_to_another_account_is_not_linked_again_from_the_account_page()
    {
        var (owner, _) = await ExistingAccountAsync();
        var (other, _) = await ExistingAccountAsync();
        var person = FakeWeChatPerson.New();
        using (var first = Browser())
        {
            await first.SignInAsync(person);
            using var linked = await first.BindExistingAccountAsync(owner, TestData.Password);
            Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        using var browser = Browser();
        await LogInAsync(browser, other);
        await Reauthenticate.WithPasswordAsync(browser.Http, "/account/wechat/link");
        var landed = await browser.SignInAsync(person, "/account/wechat/link");
        Assert.That(landed, Is.EqualTo("/account"));
        Assert.That(await browser.ErrorAsync(landed), Is.EqualTo("This WeChat account is already linked to a Dashop account."));
        Assert.That((await RowAsync(person)).UserId, Is.EqualTo((await UserAsync(owner))!.Id));
    }

    [Test]
    public async Task Two_simultaneous_binds_of_one_WeChat_account_leave_exactly_one_link()
    {
        var (firstAccount, _) = await ExistingAccountAsync();
        var (secondAccount, _) = await ExistingAccountAsync();
        var person = FakeWeChatPerson.New();
        using var first = Browser();
        using var second = Browser();
        Assert.That(await first.SignInAsync(person), Does.StartWith("/wechat/bind"));
        Assert.That(await second.SignInAsync(person), Does.StartWith("/wechat/bind"));

        var answers = await Task.WhenAll(
            first.BindExistingAccountAsync(firstAccount, TestData.Password),
            second.BindExistingAccountAsync(secondAccount, TestData.Password));
        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Redirect), Is.EqualTo(1));
        Assert.That(await answers.Single(a => a.StatusCode != HttpStatusCode.Redirect).Content.ReadAsStringAsync(),
            Does.Contain("This WeChat account is already linked to a Dashop account."));
        var winner = answers[0].StatusCode == HttpStatusCode.Redirect ? firstAccount : secondAccount;
        Assert.That(await QueryAsync(db => db.Set<ExternalAccount>().CountAsync(a => a.UnionId == FakeWeChatServer.UnionId(person))), Is.EqualTo(1));
        Assert.That((await RowAsync(person)).UserId, Is.EqualTo((await UserAsync(winner))!.Id));
        foreach (var answer in answers)
            answer.Dispose();
    }

    [Test]
    public async Task A_forged_state_is_refused_with_a_message_and_nothing_is_made()
    {
        using var browser = Browser();
        await browser.StartAsync();
        var requests = _wechat.TokenRequests;
        var landed = await browser.ReturnAsync(new Uri("http://localhost/signin-wechat?code=0123456789abcdef&state=ForgedStateForgedStateForgedStat"));
        Assert.That(await browser.ErrorAsync(landed), Is.EqualTo("This WeChat login link is invalid or was already used; please log in with WeChat again."));
        Assert.That(_wechat.TokenRequests, Is.EqualTo(requests), "no code is sent to WeChat for a state that is not ours");
        Assert.That(await browser.SignedInUserAsync(), Is.Null);
    }

    [Test]
    public async Task A_replayed_WeChat_callback_is_refused_and_signs_nobody_in()
    {
        var (username, _) = await ExistingAccountAsync();
        var person = FakeWeChatPerson.New();
        using var browser = Browser();
        var back = await _wechat.ApproveAsync(await browser.StartAsync(), person);
        Assert.That(await browser.ReturnAsync(back), Does.StartWith("/wechat/bind"));
        using (var linked = await browser.BindExistingAccountAsync(username, TestData.Password))
            Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        // Someone who got hold of the callback address (a proxy log, a shared link) replays it in their own browser.
        using var attacker = Browser();
        var requests = _wechat.TokenRequests;
        var landed = await attacker.ReturnAsync(back);
        Assert.That(await attacker.ErrorAsync(landed), Is.EqualTo("This WeChat login link is invalid or was already used; please log in with WeChat again."));
        Assert.That(_wechat.TokenRequests, Is.EqualTo(requests), "the code is never sent to WeChat again");
        Assert.That(await attacker.SignedInUserAsync(), Is.Null);
    }

    [TestCase(40029)]
    [TestCase(40163)]
    public async Task A_WeChat_errcode_is_a_message_and_nothing_is_made(int errcode)
    {
        var person = FakeWeChatPerson.New();
        using var browser = Browser();
        _wechat.ScriptToken(new FakeWeChatAnswer(ErrorCode: errcode));
        var landed = await browser.SignInAsync(person);
        Assert.That(await browser.ErrorAsync(landed), Is.EqualTo("WeChat did not confirm the login; please try again."));
        await AssertNothingMadeAsync(browser, person);
    }

    [Test]
    public async Task A_WeChat_that_does_not_answer_is_a_message_and_nothing_is_made()
    {
        var person = FakeWeChatPerson.New();
        using var browser = Browser();
        _wechat.ScriptToken(new FakeWeChatAnswer(Silent: true));
        var landed = await browser.SignInAsync(person);
        Assert.That(await browser.ErrorAsync(landed), Is.EqualTo("WeChat login is unavailable right now; please try again later."));
        await AssertNothingMadeAsync(browser, person);
    }

    [Test]
    public async Task An_HTML_page_instead_of_WeChat_JSON_is_a_message_and_nothing_is_made()
    {
        var person = FakeWeChatPerson.New();
        using var browser = Browser(language: "zh-CN");
        _wechat.ScriptToken(new FakeWeChatAnswer(Html: true));
        var landed = await browser.SignInAsync(person);
        Assert.That(await browser.ErrorAsync(landed), Is.EqualTo("微信登录暂不可用，请稍后再试。"));
        await AssertNothingMadeAsync(browser, person);
    }

    [Test]
    public async Task Denying_on_WeChat_is_a_message_and_nothing_is_made()
    {
        var person = FakeWeChatPerson.New();
        using var browser = Browser();
        var landed = await browser.ReturnAsync(await _wechat.DenyAsync(await browser.StartAsync()));
        Assert.That(await browser.ErrorAsync(landed), Is.EqualTo("You cancelled the login on WeChat."));
        await AssertNothingMadeAsync(browser, person);
    }

    private async Task AssertNothingMadeAsync(WeChatBrowser browser, FakeWeChatPerson person)
    {
        Assert.That(await browser.SignedInUserAsync(), Is.Null);
        Assert.That(await QueryAsync(db => db.Set<ExternalAccount>().AnyAsync(a => a.DisplayName == person.Name)), Is.False, "no external-login row");
        using var bind = await browser.Http.GetAsync("/wechat/bind");
        Assert.That(bind.Headers.Location?.OriginalString, Does.StartWith("/login"), "no pending WeChat sign-in to bind");
    }

    private async Task<Dictionary<string, string>> NewAccountFieldsAsync()
    {
        var phone = TestData.Phone();
        var (_, sent) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200), sent.ToString());
        var username = TestData.Username("wx");
        return new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = TestData.Password,
            ["Phone"] = phone,
            ["Email"] = $"{username}@example.com",
            ["Code"] = await _ronglian.WaitForCodeAsync(phone),
            ["TermsAccepted"] = "true",
        };
    }

    private async Task<(string Username, string Phone)> ExistingAccountAsync()
    {
        var fields = await NewAccountFieldsAsync();
        var (_, registered) = await _api.PostJsonAsync("/v1/users", new { uname = fields["Username"], password = TestData.Password, phone = fields["Phone"], email = fields["Email"], verify = fields["Code"] });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());
        return (fields["Username"], fields["Phone"]);
    }

    private static async Task LogInAsync(WeChatBrowser browser, string username)
    {
        using var response = await browser.Http.PostFormAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Login"] = username,
            ["Password"] = TestData.Password,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    private Task<ExternalAccount> RowAsync(FakeWeChatPerson person) =>
        QueryAsync(db => db.Set<ExternalAccount>().AsNoTracking().SingleAsync(a => a.UnionId == FakeWeChatServer.UnionId(person)));

    private Task<DashopUser?> UserAsync(string username) =>
        QueryAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == username));

    private async Task<T> QueryAsync<T>(Func<DashopDbContext, Task<T>> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DashopDbContext>());
    }
}

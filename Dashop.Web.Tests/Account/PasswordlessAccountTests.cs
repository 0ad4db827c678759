using Dashop.Web.Features.SignIn;
using System.Net;
using Dashop.Contracts;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Account;

/// <summary>
/// Spec §15, issue 24 point 2: an account may have no password (SMS sign-up); /account offers it "set a password", and
/// every action that asks for the current password takes a <c>reauth</c> SMS code given in this session instead. A
/// password typed for it is refused like a wrong one, after the same work. On a clock of its own.
/// </summary>
public sealed class PasswordlessAccountTests
{
    private const string NewPassword = "a first password 31";

    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _factory = new DashopFactory(Backend.Embedded, _ronglian, fakeTime: true, services: CountingPasswordHasher.Install);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    /// <summary>An account as SMS sign-up makes it, through the one creation path: no password, no e-mail address.</summary>
    private async Task<(string Username, string Phone)> NewPasswordlessAccountAsync()
    {
        var username = TestData.Username("nopw");
        var phone = TestData.Phone();
        await using var scope = _factory.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountCreator>()
            .CreateAsync(new NewAccount(username, null, "+86" + phone, null) { TermsVersion = "test" }, CancellationToken.None);
        Assert.That(created.Succeeded, Is.True, created.Failure.ToString());
        return (username, phone);
    }

    /// <summary>The latest code of <paramref name="purpose"/> sent to <paramref name="phone"/>, once its delivery is done.</summary>
    private async Task<string> CodeSentAsync(string phone, string purpose, int count = 1)
    {
        await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + phone && m.Purpose == purpose, count);
        return _ronglian.LatestCode(phone)!;
    }

    private async Task<HttpClient> SignedInBySmsAsync(string phone)
    {
        var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (await browser.PostFormAsync("/login", "/sms/code", new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = "login" }))
        {
        }
        using var signedIn = await browser.PostFormAsync("/login", "/login/sms", new Dictionary<string, string>
        {
            ["Phone"] = phone, ["Code"] = await CodeSentAsync(phone, "login"),
        });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await signedIn.Content.ReadAsStringAsync());
        return browser;
    }

    /// <summary>Proves this session with a <c>reauth</c> code sent to the account's own phone (past the phone's cooldown).</summary>
    private async Task ReauthenticateBySmsAsync(HttpClient browser, string phone, int reauthCodesBefore = 0)
    {
        _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        using (var asked = await browser.PostFormAsync("/account/reauth", "/account/reauth/code", new Dictionary<string, string> { ["ReturnUrl"] = "/account" }))
            Assert.That(asked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await asked.Content.ReadAsStringAsync());
        var code = await CodeSentAsync(phone, "reauth", reauthCodesBefore + 1);
        using var proved = await browser.PostFormAsync("/account/reauth", "/account/reauth/sms", new Dictionary<string, string>
        {
            ["Code"] = code, ["ReturnUrl"] = "/account",
        });
        Assert.That(proved.Headers.Location?.OriginalString, Is.EqualTo("/account"), await proved.Content.ReadAsStringAsync());
    }

    private async Task<DashopUser> UserAsync(string username)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == username);
    }

    [Test]
    public async Task A_passwordless_account_sets_a_password_after_a_reauth_code_and_then_signs_in_with_it()
    {
        var (username, phone) = await NewPasswordlessAccountAsync();
        using var browser = await SignedInBySmsAsync(phone);

        var page = await browser.GetStringAsync("/account");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("设置密码"), "\"set a password\", not \"change\"");
            Assert.That(page, Does.Not.Contain("id=\"password-current\""), "no current password to ask for");
            Assert.That(page, Does.Contain("id=\"reauth-link\""), "the way to prove it is an SMS code");
        });

        using (var refused = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string> { ["NewPassword"] = NewPassword }))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("data-field=\"password\"").And.Contain("href=\"#reauth-link\""));
        }
        Assert.That((await UserAsync(username)).PasswordHash, Is.Null, "nothing set without a proof");

        await ReauthenticateBySmsAsync(browser, phone);
        Assert.That(await browser.GetStringAsync("/account"), Does.Contain("id=\"proof-fresh\""));
        using (var set = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string> { ["NewPassword"] = NewPassword }))
            Assert.That(set.Headers.Location?.OriginalString, Is.EqualTo("/account"), await set.Content.ReadAsStringAsync());
        Assert.That((await UserAsync(username)).PasswordHash, Is.Not.Null);

        using var other = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var login = await other.PostFormAsync("/login?method=password", "/login", new Dictionary<string, string>
        {
            ["Login"] = username, ["Password"] = NewPassword,
        });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the new password signs in");
        Assert.That(await other.GetStringAsync("/account"), Does.Contain("修改密码").And.Contain("id=\"password-current\""), "now \"change password\"");
    }

    [Test]
    public async Task A_passwordless_account_changes_its_email_and_deletes_itself_with_a_reauth_code_instead_of_a_password()
    {
        var (username, phone) = await NewPasswordlessAccountAsync();
        using var browser = await SignedInBySmsAsync(phone);
        await ReauthenticateBySmsAsync(browser, phone);

        var email = $"{username}@example.com";
        using (var changed = await browser.PostFormAsync("/account", "/account/email", new Dictionary<string, string> { ["Email"] = email }))
            Assert.That(changed.Headers.Location?.OriginalString, Is.EqualTo("/account"), await changed.Content.ReadAsStringAsync());
        await _factory.Bus.WaitForConsumedAsync<SendActivationEmail>(m => m.To == email);

        using (var deleted = await browser.PostFormAsync("/account", "/account/delete", new Dictionary<string, string> { ["UserName"] = username }))
            Assert.That(deleted.Headers.Location?.OriginalString, Is.EqualTo("/"), await deleted.Content.ReadAsStringAsync());
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.AnyAsync(u => u.UserName == username), Is.False);
    }

    [Test]
    public async Task Password_sign_in_for_a_passwordless_account_fails_like_a_wrong_password_after_the_same_work()
    {
        var (username, phone) = await NewPasswordlessAccountAsync();
        var hasher = CountingPasswordHasher.Of(_factory.Services);
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        async Task<(HttpStatusCode Status, string Error, int Comparisons)> TryAsync(string login)
        {
            var before = hasher.Comparisons;
            using var response = await browser.PostFormAsync("/login?method=password", "/login", new Dictionary<string, string>
            {
                ["Login"] = login, ["Password"] = "any password 12",
            });
            var html = await response.Content.ReadAsStringAsync();
            var start = html.IndexOf("id=\"form-errors\"", StringComparison.Ordinal);
            return (response.StatusCode, start < 0 ? "" : html[start..html.IndexOf("</div>", start, StringComparison.Ordinal)], hasher.Comparisons - before);
        }

        var passwordless = await TryAsync(username);
        var byPhone = await TryAsync(phone);
        var nobody = await TryAsync(TestData.Username("nobody"));
        using var api = _factory.CreateClient();
        var (_, token) = await api.PostJsonAsync("/v1/tokens", new { username, password = "any password 12" });

        await using var scope = _factory.Services.CreateAsyncScope();
        var userId = (await UserAsync(username)).Id;
        var recorded = await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Set<SignInRecord>()
            .Where(s => s.UserId == userId).Select(s => s.Result).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(passwordless.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(passwordless.Error, Is.Not.Empty);
            Assert.That(passwordless.Error, Is.EqualTo(nobody.Error), "the same answer as a name nobody has");
            Assert.That(byPhone.Error, Is.EqualTo(nobody.Error));
            Assert.That((passwordless.Comparisons, byPhone.Comparisons, nobody.Comparisons), Is.EqualTo((1, 1, 1)), "one comparison each: the same work");
            Assert.That(token.Code(), Is.EqualTo(10120));
            Assert.That(recorded, Has.All.EqualTo(SignInOutcome.WrongPassword).And.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task A_reauth_page_for_a_passwordless_account_offers_only_the_sms_code()
    {
        var (_, phone) = await NewPasswordlessAccountAsync();
        using var browser = await SignedInBySmsAsync(phone);
        var page = await browser.GetStringAsync("/account/reauth?returnUrl=%2Faccount");
        Assert.That(page, Does.Not.Contain("id=\"reauth-password-form\"").And.Contain("id=\"reauth-sms-form\""));

        using var typed = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
        {
            ["Password"] = "a guess at nothing", ["NewPassword"] = NewPassword,
        });
        Assert.That(typed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a password typed for an account without one proves nothing");
    }

    [Test]
    public async Task Signing_up_by_sms_is_refused_a_common_password()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var signUp = scope.ServiceProvider.GetRequiredService<SmsSignUpService>();
        var phone = "+86" + TestData.Phone();
        var result = await signUp.SignUpAsync(phone, new SmsSignUpInput(TestData.Username("common"), "password123", null, true), CancellationToken.None);
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error?.Field, Is.EqualTo("password"));
        Assert.That(await scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>().Users.AnyAsync(u => u.PhoneNumber == phone), Is.False);
    }
}

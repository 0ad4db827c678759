using System.Net;
using Dashop.Contracts;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dashop.Web.Tests.PasswordReset.PasswordResetTestHost;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Tests.PasswordReset;

/// <summary>Spec §11: a forgotten password, by SMS code (page and /v1) and by e-mail link.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
public sealed class PasswordResetFlowTests(Backend backend)
{
    /// <summary>On the common-password list, so it is refused (built so the secret scan does not take it for a credential).</summary>
    private static readonly string CommonPassword = "pass" + "word";

    private FakeRonglianServer _ronglian = null!;
    private FakeSmtpServer _smtp = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _smtp) = await SharedHosts.OwnHostAsync(backend, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    private HttpClient Browser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<string> ResetCodeAsync(HttpClient browser, string phone)
    {
        using var asked = await AskResetCodeAsync(browser, phone);
        Assert.That(await asked.Content.ReadAsStringAsync(), Does.Contain("\"ok\":true"));
        return await _ronglian.WaitForCodeAsync(phone);
    }

    [Test]
    public async Task A_reset_code_on_the_page_sets_the_new_password_ends_other_sessions_and_tells_the_confirmed_address()
    {
        var account = await _factory.CreateAccountAsync();
        var other = await _factory.SignedInAsync(account);
        var browser = Browser();

        using var reset = await ResetBySmsAsync(browser, account.Phone, await ResetCodeAsync(browser, account.Phone), NewPassword);
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await reset.Content.ReadAsStringAsync());
        Assert.That(reset.Headers.Location?.ToString(), Is.EqualTo("/login"));
        Assert.Multiple(async () =>
        {
            Assert.That(await _factory.CheckPasswordAsync(account.Username, NewPassword), Is.Null);
            Assert.That(await _factory.CheckPasswordAsync(account.Username, TestData.Password), Is.Not.Null);
        });

        var told = await _smtp.WaitForAsync(account.Email);
        Assert.Multiple(() =>
        {
            Assert.That(told.Subject, Is.EqualTo("您的 Dashop 密码已更改"));
            Assert.That(told.TextBody, Does.Contain(account.Username));
            Assert.That(told.HtmlBody, Does.Contain(account.Username));
        });

        // The other session is re-validated within a minute and ends with the old security stamp.
        _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        Assert.That(await IsSignedInAsync(other), Is.False);
    }

    [Test]
    public async Task A_used_reset_code_does_not_work_twice_and_a_register_code_does_not_reset()
    {
        var account = await _factory.CreateAccountAsync(emailConfirmed: false);
        var browser = Browser();
        var code = await ResetCodeAsync(browser, account.Phone);
        using (var first = await ResetBySmsAsync(browser, account.Phone, code, NewPassword))
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var second = await ResetBySmsAsync(browser, account.Phone, code, "another new one 88");
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain("验证码错误或已过期"));
        Assert.That(await _factory.CheckPasswordAsync(account.Username, NewPassword), Is.Null);

        // No confirmed address, so nobody is told: the reset published nothing to it.
        Assert.That(_factory.Bus.Published<SendAccountNotice>().Where(m => m.To == account.Email), Is.Empty);
    }

    [Test]
    public async Task The_v1_call_resets_with_a_reset_code_and_names_a_bad_password()
    {
        var account = await _factory.CreateAccountAsync();
        using var api = _factory.CreateClient();
        var (_, asked) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = account.Phone, purpose = "reset" });
        Assert.That(asked.Code(), Is.EqualTo(200));
        var code = await _ronglian.WaitForCodeAsync(account.Phone);
        var wrong = code == "000000" ? "111111" : "000000";

        var (_, wrongCode) = await api.PostJsonAsync("/v1/users/password", new { phone = account.Phone, verify = wrong, password = NewPassword });
        Assert.That(wrongCode.Code(), Is.EqualTo(10112));
        var (_, weak) = await api.PostJsonAsync("/v1/users/password", new { phone = account.Phone, verify = code, password = CommonPassword });
        Assert.Multiple(() =>
        {
            Assert.That(weak.Code(), Is.EqualTo(10118));
            Assert.That(weak.ErrorMessage(), Does.StartWith("password:"));
        });
        var (_, done) = await api.PostJsonAsync("/v1/users/password", new { phone = account.Phone, verify = code, password = NewPassword });
        Assert.That(done.Code(), Is.EqualTo(200), done.ToString());
        Assert.That(await _factory.CheckPasswordAsync(account.Username, NewPassword), Is.Null);

        var (_, again) = await api.PostJsonAsync("/v1/users/password", new { phone = account.Phone, verify = code, password = "yet another one 99" });
        Assert.That(again.Code(), Is.EqualTo(10112), "the code was used up");
    }

    [Test]
    public async Task A_reset_clears_the_lockout_and_replaces_a_legacy_md5_hash()
    {
        var account = await _factory.CreateAccountAsync(emailConfirmed: false);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
            var user = await users.FindByNameAsync(account.Username);
            user!.PasswordHash = LegacyAwarePasswordHasher.LegacyMd5Prefix + "5f4dcc3b5aa765d61d8327deb882cf99";
            await users.UpdateAsync(user);
        }
        for (var i = 0; i < 6; i++)
            await _factory.CheckPasswordAsync(account.Username, "wrong password " + i);
        Assert.That(await _factory.CheckPasswordAsync(account.Username, "wrong again"), Is.EqualTo(Failure.LockedOut));

        var browser = Browser();
        using var reset = await ResetBySmsAsync(browser, account.Phone, await ResetCodeAsync(browser, account.Phone), NewPassword);
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await reset.Content.ReadAsStringAsync());

        var after = await _factory.UserAsync(account.Username);
        Assert.Multiple(async () =>
        {
            Assert.That(after.LockoutEnd, Is.Null);
            Assert.That(after.PasswordHash, Does.Not.StartWith(LegacyAwarePasswordHasher.LegacyMd5Prefix));
            Assert.That(Convert.FromBase64String(after.PasswordHash!)[0], Is.EqualTo(0x01), "Identity's v3 (PBKDF2) format");
            Assert.That(await _factory.CheckPasswordAsync(account.Username, NewPassword), Is.Null);
        });
    }

    private static async Task<HttpResponseMessage> PostLinkAsync(HttpClient browser, string path, string password)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + path).Query);
        return await browser.PostFormAsync(path, "/password/reset", new Dictionary<string, string>
        {
            ["Uid"] = query["uid"]!, ["Token"] = query["token"]!, ["Password"] = password,
        });
    }

    [Test]
    public async Task The_link_page_changes_nothing_and_only_its_POST_resets_once()
    {
        var account = await _factory.CreateAccountAsync();
        var browser = Browser();
        var path = await ResetLinkAsync(_factory, _smtp, browser, account.Email);
        var before = (await _factory.UserAsync(account.Username)).SecurityStamp;

        using (var page = await browser.GetAsync(path))
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("id=\"reset-form\""));
        }
        Assert.That((await _factory.UserAsync(account.Username)).SecurityStamp, Is.EqualTo(before), "a GET (a mail scanner) changes nothing");

        using (var reset = await PostLinkAsync(browser, path, NewPassword))
            Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await _factory.CheckPasswordAsync(account.Username, NewPassword), Is.Null);

        using var again = await browser.GetAsync(path);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("reset-link-invalid"));
        var tokenOfAgain = await browser.GetStringAsync("/password/forgot");
        using var twice = await browser.PostAsync("/password/reset", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Uid"] = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + path).Query)["uid"]!,
            ["Token"] = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + path).Query)["token"]!,
            ["Password"] = "second use 12345",
            ["__RequestVerificationToken"] = HttpExtensions.AntiforgeryToken(tokenOfAgain),
        }));
        Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "used twice: refused");
        Assert.That(await _factory.CheckPasswordAsync(account.Username, NewPassword), Is.Null);
    }

    [Test]
    public async Task Each_account_with_the_confirmed_address_gets_its_own_link()
    {
        var first = await _factory.CreateAccountAsync();
        var second = await _factory.CreateAccountAsync(email: first.Email);
        var unconfirmed = await _factory.CreateAccountAsync(emailConfirmed: false, email: first.Email);
        using var asked = await AskResetLinkAsync(Browser(), first.Email.ToUpperInvariant());
        Assert.That(await asked.Content.ReadAsStringAsync(), Does.Contain("reset-email-sent"));

        var published = _factory.Bus.Published<SendPasswordResetEmail>().Where(m => m.To == first.Email).ToList();
        Assert.That(published.Select(m => m.UserName), Is.EquivalentTo(new[] { first.Username, second.Username }));
        Assert.That(published.Select(m => m.UserName), Does.Not.Contain(unconfirmed.Username));
        await _smtp.WaitForAsync(first.Email, count: 2);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Probing_reset_by_email_for_an_unknown_or_unconfirmed_address_sees_the_same_answer_and_the_same_work(bool accountWithUnconfirmedAddress)
    {
        var email = accountWithUnconfirmedAddress
            ? (await _factory.CreateAccountAsync(emailConfirmed: false)).Email
            : $"{TestData.Username("nobody")}@example.com";
        var known = await _factory.CreateAccountAsync();
        using var answer = await AskResetLinkAsync(Browser(), email);
        using var knownAnswer = await AskResetLinkAsync(Browser(), known.Email);
        Assert.That(answer.StatusCode, Is.EqualTo(knownAnswer.StatusCode));
        Assert.That(await answer.Content.ReadAsStringAsync(), Does.Contain("reset-email-sent"));

        // The same work either way: one token made and one message published, before the answer; the consumer drops the
        // stranger's (its delivery says suppressed) and sends the account's.
        Assert.That(_factory.Bus.Published<SendPasswordResetEmail>().Count(m => m.To == email), Is.EqualTo(1));
        Assert.That(_factory.Bus.Published<SendPasswordResetEmail>().Count(m => m.To == known.Email), Is.EqualTo(1));
        var dropped = (await _factory.Bus.WaitForConsumedAsync<SendPasswordResetEmail>(m => m.To == email)).Single();
        await _smtp.WaitForAsync(known.Email);
        await using var scope = _factory.Services.CreateAsyncScope();
        var delivery = await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Deliveries.AsNoTracking()
            .SingleAsync(d => d.Id == dropped.DeliveryId);
        Assert.Multiple(() =>
        {
            Assert.That(delivery.Status, Is.EqualTo(DeliveryStatus.Suppressed));
            Assert.That(_smtp.To(email), Is.Empty);
        });
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// Spec §15, the bind page of every provider, end to end through the production handler and a fake provider on loopback:
/// a new account with phone + SMS code only (<c>Accounts:SmsSignUp</c>, on by default), or an existing account linked with
/// its password or a <c>reauth</c> code sent to its own phone; and the rules (a provider account linked to one account,
/// one of each provider per account). One fixture per provider (<see cref="QQBindTests"/>, <see cref="AlipayBindTests"/>,
/// <see cref="WeChatBindTests"/>).
/// </summary>
public abstract partial class ProviderBindTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _app = null!;
    private HttpClient _api = null!;

    /// <summary>The provider's scheme in URLs (<c>qq</c>) and its name on the page (<c>QQ</c>).</summary>
    protected abstract string Provider { get; }

    protected abstract string ProviderName { get; }

    /// <summary>Starts the fake provider: the app's settings that point at it.</summary>
    protected abstract Task<IDictionary<string, string?>> StartProviderAsync();

    protected abstract ValueTask StopProviderAsync();

    /// <summary>Someone new at the provider: the subject their row gets, and how they approve on the provider's authorize page.</summary>
    protected abstract (string Subject, Func<string, Task<Uri>> Approve) NewPerson();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _app = new DashopFactory(backend, _ronglian, await StartProviderAsync());
        _api = _app.CreateClient();
        _api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
        await StopProviderAsync();
        await _ronglian.DisposeAsync();
    }

    [Test]
    public async Task A_new_account_with_only_a_phone_and_a_code_is_made_linked_and_signed_in()
    {
        var (subject, approve) = NewPerson();
        using var browser = new ProviderBrowser(_app);
        var bindPage = await BindPageAsync(browser, approve);
        Assert.That(bindPage, Does.Contain($"action=\"/{Provider}/bind/phone\"").And.Not.Contain("id=\"Username\"").And.Not.Contain("id=\"Password\""),
            "the new account asks for the phone and a code only");

        var phone = TestData.Phone();
        using var bound = await BindNewAsync(browser, phone, await RegisterCodeAsync(phone));
        Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await bound.Content.ReadAsStringAsync());
        Assert.That(bound.Headers.Location?.OriginalString, Is.EqualTo("/"));

        var user = await QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.PhoneNumber == "+86" + phone));
        Assert.Multiple(async () =>
        {
            Assert.That(user.UserName, Does.StartWith(SmsSignUpService.UsernamePrefix), "a suggested username, as SMS sign-up gives");
            Assert.That(user.PasswordHash, Is.Null, "no password");
            Assert.That(user.Email, Is.Null, "no e-mail address");
            Assert.That(user.TermsVersion, Is.Not.Null, "the consent is recorded");
            Assert.That(await SignedInUserAsync(browser), Is.EqualTo(user.UserName));
            Assert.That((await RowAsync(subject)).UserId, Is.EqualTo(user.Id));
        });

        using var later = new ProviderBrowser(_app);
        var (_, callback) = await later.LoginAsync($"/login/{Provider}", approve, "/cart");
        using var signedIn = await later.Http.GetAsync(callback);
        Assert.That(signedIn.Headers.Location?.OriginalString, Is.EqualTo("/cart"), "the next sign-in with the provider needs no bind");
        Assert.That(await SignedInUserAsync(later), Is.EqualTo(user.UserName));
    }

    [Test]
    public async Task Without_consent_the_phone_form_makes_no_account_and_the_code_still_works_once_it_is_given()
    {
        var (subject, approve) = NewPerson();
        using var browser = new ProviderBrowser(_app);
        await BindPageAsync(browser, approve);
        var phone = TestData.Phone();
        var code = await RegisterCodeAsync(phone);

        using var refused = await BindNewAsync(browser, phone, code, terms: false);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Please agree to the terms and privacy policy."));
        Assert.That(await QueryAsync(db => db.Users.AnyAsync(u => u.PhoneNumber == "+86" + phone)), Is.False);
        Assert.That((await RowAsync(subject)).UserId, Is.Null);

        using var bound = await BindNewAsync(browser, phone, code);
        Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await bound.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_phone_that_has_an_account_is_sent_to_link_it_and_nothing_is_made()
    {
        var (_, phone) = await ExistingAccountAsync();
        var (subject, approve) = NewPerson();
        using var browser = new ProviderBrowser(_app);
        await BindPageAsync(browser, approve);

        using var refused = await BindNewAsync(browser, phone, await RegisterCodeAsync(phone));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await refused.Content.ReadAsStringAsync(),
            Does.Contain("This phone number already has an account: link it with its password or a code instead."));
        Assert.That(await QueryAsync(db => db.Users.CountAsync(u => u.PhoneNumber == "+86" + phone)), Is.EqualTo(1));
        Assert.That((await RowAsync(subject)).UserId, Is.Null);
    }

    [Test]
    public async Task An_existing_account_is_linked_with_its_password()
    {
        var (username, _) = await ExistingAccountAsync();
        var (subject, approve) = NewPerson();
        using var browser = new ProviderBrowser(_app);
        await BindPageAsync(browser, approve);

        using var wrong = await LinkWithPasswordAsync(browser, username, "not the password");
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("Wrong username, phone number or password."));
        Assert.That((await RowAsync(subject)).UserId, Is.Null);

        using var linked = await LinkWithPasswordAsync(browser, username, TestData.Password);
        Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await linked.Content.ReadAsStringAsync());
        Assert.That(await SignedInUserAsync(browser), Is.EqualTo(username));
        Assert.That((await RowAsync(subject)).UserId, Is.EqualTo(await UserIdAsync(username)));
    }

    [Test]
    public async Task An_existing_account_without_a_password_is_linked_with_a_code_sent_to_its_phone()
    {
        var (username, phone) = await ExistingAccountAsync(password: null);
        var (subject, approve) = NewPerson();
        using var browser = new ProviderBrowser(_app);
        await BindPageAsync(browser, approve);

        using (var sent = await SendLinkCodeAsync(browser, username))
            Assert.That(NoticeOf(await sent.Content.ReadAsStringAsync()), Is.EqualTo("If an account has this username or phone number, a code is on its way to its phone."));
        var code = await _ronglian.WaitForCodeAsync(phone);

        using (var wrong = await LinkWithCodeAsync(browser, username, WrongCode(code)))
            Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("Verification code is wrong or has expired."));
        Assert.That((await RowAsync(subject)).UserId, Is.Null);

        using var linked = await LinkWithCodeAsync(browser, username, code);
        Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await linked.Content.ReadAsStringAsync());
        Assert.That(await SignedInUserAsync(browser), Is.EqualTo(username));
        Assert.That((await RowAsync(subject)).UserId, Is.EqualTo(await UserIdAsync(username)));
    }

    [Test]
    public async Task A_code_for_a_phone_number_links_its_account_and_clears_the_password_lockout()
    {
        var (username, phone) = await ExistingAccountAsync();
        var (subject, approve) = NewPerson();
        using var browser = new ProviderBrowser(_app);
        await BindPageAsync(browser, approve);
        for (var attempt = 0; attempt < 5; attempt++)
            (await LinkWithPasswordAsync(browser, username, "not the password")).Dispose();
        using (var locked = await LinkWithPasswordAsync(browser, username, TestData.Password))
            Assert.That(await locked.Content.ReadAsStringAsync(), Does.Contain("Too many failed attempts"), "wrong passwords on the bind page lock the account");

        (await SendLinkCodeAsync(browser, phone)).Dispose();
        using var linked = await LinkWithCodeAsync(browser, phone, await _ronglian.WaitForCodeAsync(phone));
        Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await linked.Content.ReadAsStringAsync());
        Assert.That((await RowAsync(subject)).UserId, Is.EqualTo(await UserIdAsync(username)));
        Assert.That(await QueryAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == username).Select(u => u.LockoutEnd).SingleAsync()), Is.Null,
            "a right code proves the phone, as an SMS sign-in does");
    }

    [Test]
    public async Task Account_enumeration_through_the_code_button_learns_nothing()
    {
        var (username, _) = await ExistingAccountAsync();
        var (_, approve) = NewPerson();
        using var browser = new ProviderBrowser(_app);
        await BindPageAsync(browser, approve);

        using var forAccount = await SendLinkCodeAsync(browser, username);
        using var forNobody = await SendLinkCodeAsync(browser, TestData.Username("nobody"));
        using var againForAccount = await SendLinkCodeAsync(browser, username);
        using var againForNobody = await SendLinkCodeAsync(browser, "nobody" + username);
        using var nobodyAgain = await SendLinkCodeAsync(browser, "nobody" + username);
        Assert.Multiple(async () =>
        {
            Assert.That(NoticeOf(await forNobody.Content.ReadAsStringAsync()), Is.EqualTo(NoticeOf(await forAccount.Content.ReadAsStringAsync())));
            Assert.That(forNobody.StatusCode, Is.EqualTo(forAccount.StatusCode));
            Assert.That(CodeErrorOf(await againForAccount.Content.ReadAsStringAsync()), Is.EqualTo("A code was sent recently; please wait before asking again."));
            Assert.That(CodeErrorOf(await nobodyAgain.Content.ReadAsStringAsync()), Is.EqualTo(CodeErrorOf(await againForAccount.Content.ReadAsStringAsync())),
                "the cooldown holds for a name nobody has as for an account");
        });
    }

    [Test]
    public async Task A_provider_account_linked_meanwhile_elsewhere_is_not_linked_again_by_code()
    {
        var (owner, _) = await ExistingAccountAsync();
        var (other, otherPhone) = await ExistingAccountAsync(password: null);
        var (subject, approve) = NewPerson();
        using var first = new ProviderBrowser(_app);
        using var second = new ProviderBrowser(_app);
        await BindPageAsync(first, approve);
        await BindPageAsync(second, approve);

        using (var linked = await LinkWithPasswordAsync(first, owner, TestData.Password))
            Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        (await SendLinkCodeAsync(second, other)).Dispose();
        using var refused = await LinkWithCodeAsync(second, other, await _ronglian.WaitForCodeAsync(otherPhone));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain($"This {ProviderName} account is already linked to a Dashop account."));
        Assert.That((await RowAsync(subject)).UserId, Is.EqualTo(await UserIdAsync(owner)));
        Assert.That(await SignedInUserAsync(second), Is.Null);
    }

    [Test]
    public async Task An_account_that_has_this_provider_already_is_not_linked_to_a_second_account_of_it()
    {
        var (username, phone) = await ExistingAccountAsync();
        var (_, firstApprove) = NewPerson();
        using (var first = new ProviderBrowser(_app))
        {
            await BindPageAsync(first, firstApprove);
            using var linked = await LinkWithPasswordAsync(first, username, TestData.Password);
            Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        var (subject, approve) = NewPerson();
        using var browser = new ProviderBrowser(_app);
        await BindPageAsync(browser, approve);
        (await SendLinkCodeAsync(browser, username)).Dispose();
        using var refused = await LinkWithCodeAsync(browser, username, await _ronglian.WaitForCodeAsync(phone));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain($"This Dashop account is already linked to another {ProviderName} account."));
        Assert.That((await RowAsync(subject)).UserId, Is.Null);
    }

    /// <summary>Signs in at the provider as someone new and follows Dashop's callback to the bind page: its HTML.</summary>
    private async Task<string> BindPageAsync(ProviderBrowser browser, Func<string, Task<Uri>> approve)
    {
        var (status, callback) = await browser.LoginAsync($"/login/{Provider}", approve, "/");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect));
        using var toBind = await browser.Http.GetAsync(callback);
        Assert.That(toBind.Headers.Location?.OriginalString, Is.EqualTo($"/{Provider}/bind?returnUrl=%2F"));
        return await browser.Http.GetStringAsync(toBind.Headers.Location!.OriginalString);
    }

    private string BindPath => $"/{Provider}/bind?returnUrl=%2F";

    private Task<HttpResponseMessage> BindNewAsync(ProviderBrowser browser, string phone, string code, bool terms = true) =>
        browser.Http.PostFormAsync(BindPath, $"/{Provider}/bind/phone", new Dictionary<string, string>
        {
            ["Phone"] = phone,
            ["Code"] = code,
            ["TermsAccepted"] = terms ? "true" : "false",
            ["returnUrl"] = "/",
        });

    private Task<HttpResponseMessage> LinkWithPasswordAsync(ProviderBrowser browser, string login, string password) =>
        browser.Http.PostFormAsync(BindPath, $"/{Provider}/bind/link", new Dictionary<string, string>
        {
            ["Link.Login"] = login,
            ["Link.Password"] = password,
            ["returnUrl"] = "/",
        });

    private Task<HttpResponseMessage> SendLinkCodeAsync(ProviderBrowser browser, string login) =>
        browser.Http.PostFormAsync(BindPath, $"/{Provider}/bind/link/code", new Dictionary<string, string>
        {
            ["LinkCode.Login"] = login,
            ["returnUrl"] = "/",
        });

    private Task<HttpResponseMessage> LinkWithCodeAsync(ProviderBrowser browser, string login, string code) =>
        browser.Http.PostFormAsync(BindPath, $"/{Provider}/bind/link/sms", new Dictionary<string, string>
        {
            ["LinkCode.Login"] = login,
            ["LinkCode.Code"] = code,
            ["returnUrl"] = "/",
        });

    /// <summary>A register code sent to <paramref name="phone"/> as the page's "send code" button asks for one.</summary>
    private async Task<string> RegisterCodeAsync(string phone)
    {
        var (_, sent) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200), sent.ToString());
        return await _ronglian.WaitForCodeAsync(phone);
    }

    /// <summary>An account made as every account is (no SMS sent to its phone, so the next one is the bind page's code).</summary>
    private async Task<(string Username, string Phone)> ExistingAccountAsync(string? password = TestData.Password)
    {
        var username = TestData.Username("bind");
        var phone = TestData.Phone();
        await using var scope = _app.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountCreator>()
            .CreateAsync(new NewAccount(username, password, "+86" + phone, null) { TermsVersion = "test" }, CancellationToken.None);
        Assert.That(created.Succeeded, Is.True, $"{created.Failure}");
        return (username, phone);
    }

    private static string WrongCode(string code) => code == "000000" ? "111111" : "000000";

    private static async Task<string?> SignedInUserAsync(ProviderBrowser browser)
    {
        var match = SignedInUser().Match(await browser.Http.GetStringAsync("/"));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    private static string? NoticeOf(string page) => Notice().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static string? CodeErrorOf(string page) => CodeError().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private Task<ExternalAccount> RowAsync(string subject) =>
        QueryAsync(db => db.Set<ExternalAccount>().AsNoTracking().SingleAsync(a => a.Subject == subject));

    private Task<string> UserIdAsync(string username) =>
        QueryAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == username).Select(u => u.Id).SingleAsync());

    private async Task<T> QueryAsync<T>(Func<DashopDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DashopDbContext>());
    }

    [GeneratedRegex("id=\"signed-in-user\"[^>]*>([^<]*)<")]
    private static partial Regex SignedInUser();

    [GeneratedRegex("id=\"bind-code-notice\"[^>]*>([^<]*)<")]
    private static partial Regex Notice();

    [GeneratedRegex("id=\"bind-code-error\"[^>]*>([^<]*)<")]
    private static partial Regex CodeError();
}

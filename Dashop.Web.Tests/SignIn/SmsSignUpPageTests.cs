using Dashop.Web.Features.SignIn;
using System.Net;
using System.Text.RegularExpressions;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.SignIn;

/// <summary>
/// Spec §15, issue 24 points 1 and 7: on /login one SMS code signs in or signs up (<c>Accounts:SmsSignUp</c>, on by
/// default). A right login code for a phone with no account leads to the consent step (terms, a suggested username, an
/// optional password and e-mail address); nothing is created until every field holds, and then the account is signed in
/// like an SMS login. On the embedded defaults and on Redis + RabbitMQ, on a clock of its own.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Postgres, Category = TestCategories.Servers)]
public sealed partial class SmsSignUpPageTests(Backend backend)
{
    private const string SignUpPath = "/login/sms/new";

    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _factory = new DashopFactory(backend, _ronglian, fakeTime: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    /// <summary>The consent step as a browser reaches it: a login code to a fresh phone, typed on /login.</summary>
    private sealed record ConsentStep(HttpClient Browser, string Phone, string Code, string Html)
    {
        public string Ticket => InputValue(Html, "Ticket");
        public string SuggestedUsername => InputValue(Html, "Username");
    }

    private async Task<ConsentStep> ToConsentStepAsync(string returnUrl = "/account")
    {
        var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var phone = TestData.Phone();
        using (var sent = await browser.PostFormAsync("/login", "/sms/code", new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = "login" }))
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var code = await _ronglian.WaitForCodeAsync(phone);
        using var right = await browser.PostFormAsync("/login", "/login/sms", new Dictionary<string, string>
        {
            ["Phone"] = phone, ["Code"] = code, ["ReturnUrl"] = returnUrl,
        });
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await right.Content.ReadAsStringAsync());
        Assert.That(right.Headers.Location?.OriginalString, Is.EqualTo(SignUpPath + "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        var html = await browser.GetStringAsync(right.Headers.Location!.OriginalString);
        return new ConsentStep(browser, phone, code, html);
    }

    private static async Task<HttpResponseMessage> SubmitAsync(ConsentStep step, string? username = null, string password = "", string email = "",
        bool terms = true, string? ticket = null, string returnUrl = "/account")
    {
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HttpExtensions.AntiforgeryToken(step.Html),
            ["Ticket"] = ticket ?? step.Ticket,
            ["ReturnUrl"] = returnUrl,
            ["Username"] = username ?? step.SuggestedUsername,
            ["Password"] = password,
            ["Email"] = email,
            ["TermsAccepted"] = terms ? "true" : "false",
        };
        return await step.Browser.PostAsync(SignUpPath, new FormUrlEncodedContent(form));
    }

    private static string InputValue(string html, string name) =>
        InputPattern().Matches(html).Select(m => m.Value).FirstOrDefault(tag => tag.Contains($"name=\"{name}\"", StringComparison.Ordinal)) is { } input
            && ValuePattern().Match(input) is { Success: true } value
            ? WebUtility.HtmlDecode(value.Groups[1].Value)
            : "";

    private async Task<T> WithDbAsync<T>(Func<DashopDbContext, Task<T>> read)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<DashopDbContext>());
    }

    /// <summary>
    /// Runs <paramref name="step"/> with the clock <paramref name="later"/> ahead, then puts it back: Ronglian (the fake
    /// checks it) refuses a request stamped far from China's time.
    /// </summary>
    private async Task LaterAsync(TimeSpan later, Func<Task> step)
    {
        var now = _factory.FakeTime!.GetUtcNow();
        try
        {
            _factory.FakeTime.Advance(later);
            await step();
        }
        finally
        {
            _factory.FakeTime.AdjustTime(now);
        }
    }

    private Task<DashopUser?> UserWithPhoneAsync(string phone) =>
        WithDbAsync(db => db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.PhoneNumber == "+86" + phone));

    [Test]
    public async Task The_SMS_tab_comes_first_and_is_what_login_shows()
    {
        using var browser = _factory.CreateClient();
        var page = await browser.GetStringAsync("/login");
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("id=\"sms-login-form\"").And.Not.Contain("id=\"login-form\""));
            Assert.That(page.IndexOf("id=\"login-by-sms\"", StringComparison.Ordinal),
                Is.LessThan(page.IndexOf("id=\"login-by-password\"", StringComparison.Ordinal)), "the SMS tab is the first");
            Assert.That(page, Does.Contain("/login?method=password"));
        });
        Assert.That(await browser.GetStringAsync("/login?method=password"), Does.Contain("id=\"login-form\""));
    }

    [Test]
    public async Task One_login_code_signs_up_a_new_phone_through_the_consent_step_and_signs_in()
    {
        var step = await ToConsentStepAsync();
        using var _ = step.Browser;
        Assert.Multiple(() =>
        {
            Assert.That(step.SuggestedUsername, Does.Match("^user_[a-z0-9]{8}$"));
            Assert.That(step.Html, Does.Contain("id=\"TermsAccepted\"").And.Contain("href=\"/terms\"").And.Contain("href=\"/privacy\""));
            Assert.That(step.Html, Does.Contain(step.Phone[..3] + "****" + step.Phone[^4..]), "the phone, masked");
            Assert.That(step.Html, Does.Not.Contain(step.Code), "the code is not on the page");
        });

        using var created = await SubmitAsync(step);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await created.Content.ReadAsStringAsync());
        Assert.That(created.Headers.Location?.OriginalString, Is.EqualTo("/account"));
        Assert.That(created.Headers.GetValues("Set-Cookie"), Has.Some.StartsWith(KnownDevices.CookieName + "="), "a known device, as an SMS login");
        var home = await step.Browser.GetStringAsync("/");

        var user = await UserWithPhoneAsync(step.Phone);
        Assert.That(user, Is.Not.Null);
        var signIns = await WithDbAsync(db => db.Set<SignInRecord>().Where(s => s.UserId == user!.Id).Select(s => new { s.Method, s.Result }).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(home, Does.Contain($">{step.SuggestedUsername}<"), "signed in");
            Assert.That(user!.UserName, Is.EqualTo(step.SuggestedUsername));
            Assert.That(user.PasswordHash, Is.Null, "no password was chosen");
            Assert.That(user.Email, Is.Null, "no e-mail address was given");
            Assert.That(user.PhoneNumberConfirmed, Is.True);
            Assert.That(user.TermsVersion, Is.Not.Null.And.Not.Empty, "the consent is recorded");
            Assert.That(user.TermsAcceptedAtUtc, Is.Not.Null);
            Assert.That(signIns, Is.EqualTo(new[] { new { Method = SignInMethod.Sms, Result = SignInOutcome.Succeeded } }));
        });

        // The code was used up, and the ticket makes no second account.
        using var again = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var reused = await again.PostFormAsync("/login", "/login/sms", new Dictionary<string, string> { ["Phone"] = step.Phone, ["Code"] = step.Code });
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the code signs in nobody a second time");
        using var replayed = await again.PostFormAsync("/login", SignUpPath, new Dictionary<string, string>
        {
            ["Ticket"] = step.Ticket, ["Username"] = "user_replay1", ["TermsAccepted"] = "true",
        });
        Assert.That(replayed.Headers.Location?.OriginalString, Does.StartWith("/login"));
        Assert.That(await WithDbAsync(db => db.Users.CountAsync(u => u.PhoneNumber == "+86" + step.Phone)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_chosen_password_and_email_are_kept_and_the_password_signs_in()
    {
        var step = await ToConsentStepAsync();
        using var _ = step.Browser;
        var username = TestData.Username("smsup");
        var email = $"{username}@example.com";
        using (var created = await SubmitAsync(step, username: username, password: TestData.Password, email: email))
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await created.Content.ReadAsStringAsync());

        var user = (await UserWithPhoneAsync(step.Phone))!;
        Assert.That((user.UserName, user.Email, user.EmailConfirmed, user.PasswordHash is null), Is.EqualTo((username, email, false, false)));
        using var other = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var login = await other.PostFormAsync("/login?method=password", "/login", new Dictionary<string, string>
        {
            ["Login"] = username, ["Password"] = TestData.Password,
        });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the chosen password signs in");
    }

    [Test]
    public async Task A_username_taken_between_the_two_steps_is_an_error_on_the_username_and_loses_nothing_typed_but_the_password()
    {
        var step = await ToConsentStepAsync();
        using var _ = step.Browser;
        var email = $"{TestData.Username("taken")}@example.com";
        // Someone else takes the suggested name while the person reads the terms.
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
            var other = await users.CreateAsync(new DashopUser
            {
                UserName = step.SuggestedUsername, PhoneNumber = "+86" + TestData.Phone(), CreatedAtUtc = DateTime.UtcNow,
            }, TestData.Password);
            Assert.That(other.Succeeded, Is.True);
        }

        using var refused = await SubmitAsync(step, password: TestData.Password, email: email);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("id=\"form-errors\"").And.Contain("data-field=\"Username\""), "the error names the username");
            Assert.That(html, Does.Contain("该用户名已被占用"));
            Assert.That(InputValue(html, "Username"), Is.EqualTo(step.SuggestedUsername), "the name typed is kept");
            Assert.That(InputValue(html, "Email"), Is.EqualTo(email), "the e-mail address typed is kept");
            Assert.That(InputValue(html, "Password"), Is.Empty, "the password is never written back into the page");
            Assert.That(html, Does.Not.Contain(TestData.Password));
            Assert.That(html, Does.Match("id=\"TermsAccepted\"[^>]*checked|checked[^>]*id=\"TermsAccepted\""), "the box stays ticked");
            Assert.That(InputValue(html, "Ticket"), Is.Not.Empty, "the step goes on without a new code");
        });
        Assert.That(await UserWithPhoneAsync(step.Phone), Is.Null, "nothing was created");

        using var created = await SubmitAsync(step with { Html = html }, username: TestData.Username("free"), password: TestData.Password, email: email);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await created.Content.ReadAsStringAsync());
        Assert.That(await UserWithPhoneAsync(step.Phone), Is.Not.Null);
    }

    [Test]
    public async Task No_account_is_half_made_when_fields_are_refused_and_every_problem_is_named_at_once()
    {
        var step = await ToConsentStepAsync();
        using var _ = step.Browser;
        var usersBefore = await WithDbAsync(db => db.Users.CountAsync());

        var everyonesFirstGuess = "password"; // on the common-password list
        using var refused = await SubmitAsync(step, username: "a b<c>", password: everyonesFirstGuess, email: "not-an-address", terms: false);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            foreach (var field in new[] { "Username", "Password", "Email", "TermsAccepted" })
                Assert.That(html, Does.Contain($"data-field=\"{field}\""), field);
        });
        Assert.That(await UserWithPhoneAsync(step.Phone), Is.Null);
        Assert.That(await WithDbAsync(db => db.Users.CountAsync()), Is.EqualTo(usersBefore), "no account at all was made");
    }

    [Test]
    public async Task A_forged_or_expired_sign_up_ticket_creates_nothing()
    {
        var step = await ToConsentStepAsync();
        using var _ = step.Browser;
        var forged = step.Ticket[..^4] + (step.Ticket.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using (var refused = await SubmitAsync(step, ticket: forged))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(refused.Headers.Location?.OriginalString, Does.StartWith("/login?method=sms"));
        }
        using (var otherPhone = await SubmitAsync(step, ticket: "g1.not-a-ticket"))
            Assert.That(otherPhone.Headers.Location?.OriginalString, Does.StartWith("/login?method=sms"));

        await LaterAsync(TimeSpan.FromMinutes(16), async () =>
        {
            using var expired = await SubmitAsync(step);
            Assert.That(expired.Headers.Location?.OriginalString, Does.StartWith("/login?method=sms"), "the ticket lives 15 minutes");
        });
        Assert.That(await UserWithPhoneAsync(step.Phone), Is.Null);
    }

    [Test]
    public async Task An_expired_sign_up_step_says_so_on_login_and_the_form_there_asks_for_a_new_code()
    {
        var step = await ToConsentStepAsync();
        using var _ = step.Browser;
        await LaterAsync(TimeSpan.FromMinutes(16), async () =>
        {
            using var expired = await SubmitAsync(step);
            Assert.That(expired.Headers.Location?.OriginalString, Is.EqualTo("/login?method=sms&returnUrl=%2Faccount"));
            var login = await step.Browser.GetStringAsync(expired.Headers.Location!.OriginalString);
            Assert.That(login, Does.Contain("注册步骤已过期：请重新获取验证码。"));
            Assert.That(login, Does.Contain("action=\"/login/sms\""), "the SMS form is there to ask for a new code");
        });
        Assert.That(await UserWithPhoneAsync(step.Phone), Is.Null);
    }

    [Test]
    public async Task A_sign_up_form_whose_antiforgery_token_expired_comes_back_with_a_message_and_a_way_back_to_login()
    {
        var step = await ToConsentStepAsync();
        using var _ = step.Browser;
        var username = TestData.Username("late");
        using var stale = await SubmitAsync(step with { Html = step.Html.Replace(HttpExtensions.AntiforgeryToken(step.Html), "CfDJ8stale", StringComparison.Ordinal) },
            username: username, password: TestData.Password);
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(html, Does.Contain("id=\"form-errors\"").And.Contain("页面已过期"), "the page says it expired, in the page's language");
            Assert.That(InputValue(html, "Username"), Is.EqualTo(username), "what was typed comes back");
            Assert.That(html, Does.Not.Contain(TestData.Password));
            Assert.That(html, Does.Contain("href=\"/login?method=sms\""), "a way back to /login");
        });
        Assert.That(await UserWithPhoneAsync(step.Phone), Is.Null);
    }

    [Test]
    public async Task A_wrong_code_for_a_new_phone_goes_to_no_consent_step()
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var phone = TestData.Phone();
        using (await browser.PostFormAsync("/login", "/sms/code", new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = "login" }))
        {
        }
        var code = await _ronglian.WaitForCodeAsync(phone);
        using var wrong = await browser.PostFormAsync("/login", "/login/sms", new Dictionary<string, string>
        {
            ["Phone"] = phone, ["Code"] = code == "000000" ? "111111" : "000000",
        });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("id=\"sms-login-form\""));
        using var direct = await browser.GetAsync(SignUpPath);
        Assert.That(direct.Headers.Location?.OriginalString, Does.StartWith("/login?method=sms"), "no ticket, no step");
    }

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();
}

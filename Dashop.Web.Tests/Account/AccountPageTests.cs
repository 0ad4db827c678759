using Dashop.Web.Features.SignIn;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Activation;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.PasswordReset;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Account;

/// <summary>Spec §11: the account page's changes, download and deletion, checked in the database.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Postgres, Category = TestCategories.Servers)]
public sealed partial class AccountPageTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private FakeSmtpServer _smtp = null!;
    private DashopFactory _factory = null!;

    // A short resend cooldown, so that a deleted account's phone can ask for a registration code at once.
    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _smtp) =
        await SharedHosts.OwnHostAsync(backend, new Dictionary<string, string?> { ["Sms:ResendCooldownSeconds"] = "1" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task The_account_page_needs_a_signed_in_person()
    {
        using var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await anonymous.GetAsync("/account");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Does.Contain("/login"));
    }

    [Test]
    public async Task The_account_page_shows_the_masked_phone_and_recent_sign_ins()
    {
        var (browser, email, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await LogInAgainAsync(browser, username);
        var html = await browser.GetStringAsync("/account");
        var phone = (await UserAsync(username))!.PhoneNumber!;
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain(username).And.Contain(email).And.Contain("not confirmed"));
            Assert.That(html, Does.Not.Contain(phone[3..]), "the phone is masked");
            Assert.That(html, Does.Contain("id=\"sign-ins\"").And.Contain("Password").And.Contain("Succeeded"));
        });
    }

    [Test]
    public async Task A_change_phone_code_is_refused_to_a_person_who_is_not_signed_in()
    {
        using var anonymous = _factory.CreateClient();
        using var response = await anonymous.PostFormAsync("/register", "/sms/code",
            new Dictionary<string, string> { ["phone"] = TestData.Phone(), ["purpose"] = "change_phone" });
        var body = await HttpExtensions.ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("ok").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Changing_to_a_phone_another_account_has_is_refused_and_the_old_phone_kept()
    {
        var (browser, _, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var before = (await UserAsync(username))!.PhoneNumber;
        var taken = TestData.Phone();
        var other = await SeedUserAsync("+86" + taken);

        var code = await ChangePhoneCodeAsync(browser, taken);
        using var response = await browser.PostFormAsync("/account", "/account/phone", new Dictionary<string, string>
        {
            ["Phone"] = taken, ["Verify"] = code, ["Password"] = TestData.Password,
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(html, Does.Contain("id=\"phone-error\"").And.Contain("data-field=\"phone\"").And.Contain("already registered"));
            Assert.That((await UserAsync(username))!.PhoneNumber, Is.EqualTo(before));
            Assert.That((await UserAsync(other))!.PhoneNumber, Is.EqualTo("+86" + taken));
        });
    }

    [Test]
    public async Task Enumeration_change_phone_tells_taken_only_after_the_right_code()
    {
        var (browser, _, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var taken = TestData.Phone();
        await SeedUserAsync("+86" + taken);

        // A probe with no code sent: the answer is about the code, and the same as for a phone nobody has.
        using var probe = await browser.PostFormAsync("/account", "/account/phone", new Dictionary<string, string>
        {
            ["Phone"] = taken, ["Verify"] = "123456", ["Password"] = TestData.Password,
        });
        using var free = await browser.PostFormAsync("/account", "/account/phone", new Dictionary<string, string>
        {
            ["Phone"] = TestData.Phone(), ["Verify"] = "123456", ["Password"] = TestData.Password,
        });
        var (probed, freeHtml) = (await probe.Content.ReadAsStringAsync(), await free.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(probe.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(probed, Does.Contain("data-field=\"verify\"").And.Not.Contain("already registered"));
            Assert.That(FormErrorPattern().Match(probed).Value, Is.EqualTo(FormErrorPattern().Match(freeHtml).Value), "a taken phone and a free one answer alike");
        });

        // With the right code for it, the person owns that phone: now it may be told that the phone is taken.
        var code = await ChangePhoneCodeAsync(browser, taken);
        using var proved = await browser.PostFormAsync("/account", "/account/phone", new Dictionary<string, string>
        {
            ["Phone"] = taken, ["Verify"] = code, ["Password"] = TestData.Password,
        });
        Assert.That(await proved.Content.ReadAsStringAsync(), Does.Contain("data-field=\"phone\"").And.Contain("already registered"));
        Assert.That((await UserAsync(username))!.PhoneNumber, Is.Not.EqualTo("+86" + taken));
    }

    [Test]
    public async Task Changing_the_phone_needs_the_password_and_a_code_sent_to_the_new_phone()
    {
        var (browser, _, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        var before = (await UserAsync(username))!.PhoneNumber;
        var next = TestData.Phone();
        var code = await ChangePhoneCodeAsync(browser, next);

        using var wrongPassword = await browser.PostFormAsync("/account", "/account/phone", new Dictionary<string, string>
        {
            ["Phone"] = next, ["Verify"] = code, ["Password"] = "not the password",
        });
        Assert.That(wrongPassword.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await wrongPassword.Content.ReadAsStringAsync(), Does.Contain("data-field=\"password\""));
        Assert.That((await UserAsync(username))!.PhoneNumber, Is.EqualTo(before));

        using var changed = await browser.PostFormAsync("/account", "/account/phone", new Dictionary<string, string>
        {
            ["Phone"] = next, ["Verify"] = code, ["Password"] = TestData.Password,
        });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await changed.Content.ReadAsStringAsync());
        Assert.That((await UserAsync(username))!.PhoneNumber, Is.EqualTo("+86" + next));
    }

    [Test]
    public async Task Changing_the_password_needs_the_current_one_changes_the_stamp_and_keeps_this_session()
    {
        var (browser, _, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        var stamp = (await UserAsync(username))!.SecurityStamp;
        const string next = "a brand new pass 7";

        using var wrong = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
        {
            ["Password"] = "not the password", ["NewPassword"] = next,
        });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("id=\"password-error\"").And.Contain("data-field=\"password\""));

        using var changed = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
        {
            ["Password"] = TestData.Password, ["NewPassword"] = next,
        });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await changed.Content.ReadAsStringAsync());
        Assert.That((await UserAsync(username))!.SecurityStamp, Is.Not.EqualTo(stamp), "other sessions end");
        using (var still = await browser.GetAsync("/account"))
            Assert.That(still.StatusCode, Is.EqualTo(HttpStatusCode.OK), "this session was signed in again");

        using var other = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var oldPassword = await other.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = username, ["Password"] = TestData.Password });
        Assert.That(oldPassword.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old password no longer signs in");
        using var newPassword = await other.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = username, ["Password"] = next });
        Assert.That(newPassword.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Signing_out_everywhere_changes_the_stamp_and_signs_this_session_out()
    {
        var (browser, _, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        var stamp = (await UserAsync(username))!.SecurityStamp;
        using var response = await browser.PostFormAsync("/account", "/account/sign-out-everywhere", new Dictionary<string, string>());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await UserAsync(username))!.SecurityStamp, Is.Not.EqualTo(stamp));
        using var gone = await browser.GetAsync("/account");
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Changing_the_email_keeps_the_old_address_until_the_new_one_is_confirmed()
    {
        var (browser, email, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        var next = $"new-{username}@example.com";
        using var requested = await browser.PostFormAsync("/account", "/account/email", new Dictionary<string, string>
        {
            ["Email"] = next, ["Password"] = TestData.Password,
        });
        Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await requested.Content.ReadAsStringAsync());

        var message = await _smtp.WaitForAsync(next);
        Assert.That((await UserAsync(username))!.Email, Is.EqualTo(email), "the old address stays until the link is used");
        Assert.That(await browser.GetStringAsync("/account"), Does.Contain("profile-pending-email").And.Contain(next));

        var link = ChangeLinkPattern().Match(message.TextBody ?? "");
        Assert.That(link.Success, Is.True, message.TextBody);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link.Value).Query);
        using var page = await browser.GetAsync(new Uri(link.Value).PathAndQuery);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await UserAsync(username))!.Email, Is.EqualTo(email), "opening the link changes nothing before its POST");

        var form = new Dictionary<string, string> { ["uid"] = query["uid"]!, ["email"] = query["email"]!, ["token"] = query["token"]! };
        using var tampered = await browser.PostFormAsync(new Uri(link.Value).PathAndQuery, "/account/email/confirm",
            new Dictionary<string, string>(form) { ["email"] = "someone-else@example.com" });
        Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await UserAsync(username))!.Email, Is.EqualTo(email));

        using var confirmed = await browser.PostFormAsync(new Uri(link.Value).PathAndQuery, "/account/email/confirm", form);
        Assert.That(await confirmed.Content.ReadAsStringAsync(), Does.Contain("id=\"email-confirmed\""));
        var user = (await UserAsync(username))!;
        Assert.Multiple(() =>
        {
            Assert.That(user.Email, Is.EqualTo(next));
            Assert.That(user.EmailConfirmed, Is.True);
        });
    }

    [Test]
    public async Task A_second_email_change_inside_a_minute_is_refused_and_the_first_stays_pending()
    {
        var (browser, _, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        var first = $"first-{username}@example.com";
        using var accepted = await browser.PostFormAsync("/account", "/account/email", new Dictionary<string, string>
        {
            ["Email"] = first, ["Password"] = TestData.Password,
        });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var refused = await browser.PostFormAsync("/account", "/account/email", new Dictionary<string, string>
        {
            ["Email"] = $"second-{username}@example.com", ["Password"] = TestData.Password,
        });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("data-field=\"email\"").And.Contain(first));
    }

    [Test]
    public async Task Unlinking_Weibo_is_refused_while_the_account_has_no_password()
    {
        var (browser, _, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        var user = (await UserAsync(username))!;
        var wuid = await SeedWeiboAsync(user.Id);
        await Reauthenticate.WithPasswordAsync(browser);
        await WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, (string?)null)));

        using var refused = await browser.PostFormAsync("/account", "/account/weibo/unlink", new Dictionary<string, string>());
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("id=\"weibo-error\""));
        Assert.That(await WithDbAsync(db => db.Set<Features.ExternalLogin.ExternalAccount>().AsNoTracking().SingleAsync(w => w.Subject == wuid)), Has.Property("UserId").EqualTo(user.Id));
    }

    [Test]
    public async Task Unlinking_Weibo_with_a_password_frees_the_Weibo_account()
    {
        var (browser, _, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        var wuid = await SeedWeiboAsync((await UserAsync(username))!.Id);
        await Reauthenticate.WithPasswordAsync(browser);
        using var unlinked = await browser.PostFormAsync("/account", "/account/weibo/unlink", new Dictionary<string, string>());
        Assert.That(unlinked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(unlinked.Headers.Location?.OriginalString, Is.EqualTo("/account"));
        Assert.That(await WithDbAsync(db => db.Set<Features.ExternalLogin.ExternalAccount>().AsNoTracking().SingleAsync(w => w.Subject == wuid)), Has.Property("UserId").Null);
    }

    [Test]
    public async Task The_download_holds_the_profile_Weibo_link_sign_ins_and_deliveries_and_no_secret()
    {
        var (browser, email, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        await LogInAgainAsync(browser, username);
        // Deliveries to the e-mail address are the account's once the address is confirmed.
        using (var confirmed = await ActivationFlowTests.ConfirmAsync(browser, ActivationFlowTests.LinkIn(await _smtp.WaitForAsync(email))))
            Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var user = (await UserAsync(username))!;
        var wuid = await SeedWeiboAsync(user.Id);
        var smsCode = _ronglian.LatestCode(user.PhoneNumber![3..])!;
        var protectedToken = (await WithDbAsync(db => db.Set<Features.ExternalLogin.ExternalAccount>().AsNoTracking().SingleAsync(w => w.Subject == wuid))).ProtectedAccessToken;

        // Downloading the data needs a recent proof (spec §15).
        await Reauthenticate.WithPasswordAsync(browser);
        using var response = await browser.PostFormAsync("/account", "/account/download", new Dictionary<string, string>());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentDisposition?.FileName, Does.Contain(".json"));
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("profile").GetProperty("userName").GetString(), Is.EqualTo(username));
            Assert.That(json.GetProperty("profile").GetProperty("phone").GetString(), Is.EqualTo(user.PhoneNumber));
            Assert.That(json.GetProperty("profile").GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(json.GetProperty("externalLogins")[0].GetProperty("subject").GetString(), Is.EqualTo(wuid));
            Assert.That(json.GetProperty("signIns").EnumerateArray().Select(s => s.GetProperty("method").GetString()), Does.Contain("password"));
            Assert.That(json.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("channel").GetString()),
                Does.Contain("sms").And.Contain("email"));

            Assert.That(text, Does.Not.Contain(user.PasswordHash!));
            Assert.That(text, Does.Not.Contain(user.SecurityStamp!));
            Assert.That(text, Does.Not.Contain(protectedToken));
            Assert.That(Strings(json), Does.Not.Contain(smsCode), "no SMS code");
            Assert.That(text, Does.Not.Match("(?i)hash|token|stamp|\"code\""), "no field of a secret");
        });
    }

    [Test]
    public async Task A_pending_or_unconfirmed_address_does_not_reveal_another_accounts_deliveries_in_the_download()
    {
        // The victim's confirmed address has had a reset e-mail.
        var victim = await _factory.CreateAccountAsync();
        using (var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        using (await PasswordResetTestHost.AskResetLinkAsync(anonymous, victim.Email))
            await _smtp.WaitForAsync(victim.Email);

        // The attacker types the victim's address: as a new (pending) address, and it is in their downloads.
        var (browser, _, _) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        using (var requested = await browser.PostFormAsync("/account", "/account/email", new Dictionary<string, string>
        {
            ["Email"] = victim.Email, ["Password"] = TestData.Password,
        }))
            Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await _smtp.WaitForAsync(victim.Email, count: 2);

        using var response = await browser.PostFormAsync("/account", "/account/download", new Dictionary<string, string>());
        var deliveries = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("deliveries");
        Assert.That(deliveries.EnumerateArray().Select(d => d.GetProperty("recipient").GetString()),
            Does.Not.Contain(Dashop.Web.Infrastructure.Masking.Email(victim.Email)),
            "only deliveries to the account's own confirmed phone and e-mail");
        Assert.That(deliveries.EnumerateArray().Select(d => d.GetProperty("channel").GetString()), Does.Contain("sms"), "its own phone's are there");
    }

    [Test]
    public async Task Deleting_the_account_removes_its_rows_and_the_phone_can_register_again()
    {
        var (browser, email, username) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        using var _ = browser;
        await LogInAgainAsync(browser, username);
        var user = (await UserAsync(username))!;
        var wuid = await SeedWeiboAsync(user.Id);
        var phoneKey = _factory.Services.GetRequiredService<DeliveryRecipients>().Key(user.PhoneNumber!);
        await _smtp.WaitForAsync(email);
        await Eventually.That(async () => await WithDbAsync(db => db.Deliveries.CountAsync(d => d.RecipientKey == phoneKey)) > 0);

        using var wrongName = await browser.PostFormAsync("/account", "/account/delete", new Dictionary<string, string>
        {
            ["UserName"] = username + "x", ["Password"] = TestData.Password,
        });
        Assert.That(wrongName.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await wrongName.Content.ReadAsStringAsync(), Does.Contain("data-field=\"userName\""));
        Assert.That(await UserAsync(username), Is.Not.Null);

        using var deleted = await browser.PostFormAsync("/account", "/account/delete", new Dictionary<string, string>
        {
            ["UserName"] = username, ["Password"] = TestData.Password,
        });
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await deleted.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(await UserAsync(username), Is.Null);
            Assert.That(await WithDbAsync(db => db.Set<Features.ExternalLogin.ExternalAccount>().AnyAsync(w => w.Subject == wuid)), Is.False, "the Weibo row and its token go");
            Assert.That(await WithDbAsync(db => db.Set<SignInRecord>().AnyAsync(s => s.UserId == user.Id)), Is.False);
            Assert.That(await WithDbAsync(db => db.Deliveries.AnyAsync(d => d.RecipientKey == phoneKey)), Is.False, "deliveries keep no recipient");
            Assert.That(await WithDbAsync(db => db.UserTokens.AnyAsync(t => t.UserId == user.Id)), Is.False);
        });
        using (var gone = await browser.GetAsync("/account"))
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "this session is signed out");

        var phone = user.PhoneNumber![3..];
        using var api = _factory.CreateClient();
        var before = _ronglian.Received.Count(r => r.To == phone);
        await Eventually.That(async () => (await api.PostJsonAsync("/v1/users/sms/code", new { phone })).Body.Code() == 200);
        await Eventually.That(() => Task.FromResult(_ronglian.Received.Count(r => r.To == phone) > before));
        var (_, registered) = await api.PostJsonAsync("/v1/users", new
        {
            uname = TestData.Username("again"), password = TestData.Password, phone, email = "again@example.com", verify = _ronglian.LatestCode(phone),
        });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());
    }

    private async Task<string> ChangePhoneCodeAsync(HttpClient browser, string phone)
    {
        using var response = await browser.PostFormAsync("/account", "/sms/code",
            new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = "change_phone" });
        var body = await HttpExtensions.ReadJsonAsync(response);
        Assert.That(body.GetProperty("ok").GetBoolean(), Is.True, body.ToString());
        return await _ronglian.WaitForCodeAsync(phone);
    }

    private async Task LogInAgainAsync(HttpClient browser, string username)
    {
        using var response = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Login"] = username, ["Password"] = TestData.Password,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    private async Task<string> SeedUserAsync(string phoneE164)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var username = TestData.Username("other");
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>()
            .CreateAsync(new DashopUser { UserName = username, PhoneNumber = phoneE164, CreatedAtUtc = DateTime.UtcNow });
        Assert.That(result.Succeeded, Is.True);
        return username;
    }

    private async Task<string> SeedWeiboAsync(string userId)
    {
        var wuid = Guid.NewGuid().ToString("N")[..12];
        await WithDbAsync(db =>
        {
            db.Set<Features.ExternalLogin.ExternalAccount>().Add(new Features.ExternalLogin.ExternalAccount
            {
                Provider = "Weibo", Subject = wuid, UserId = userId, DisplayName = "微博用户", ProtectedAccessToken = "protected-weibo-token-" + wuid,
                CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow, BoundAtUtc = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        return wuid;
    }

    private Task<DashopUser?> UserAsync(string username) =>
        WithDbAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == username));

    private async Task<T> WithDbAsync<T>(Func<DashopDbContext, Task<T>> work)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<DashopDbContext>());
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };

    [GeneratedRegex(@"http://\S+/account/email/confirm\?\S+")]
    private static partial Regex ChangeLinkPattern();

    [GeneratedRegex("<div class=\"alert alert-danger\"[^>]*>[^<]*</div>")]
    private static partial Regex FormErrorPattern();
}

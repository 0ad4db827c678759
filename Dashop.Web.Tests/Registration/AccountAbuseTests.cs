using System.Text.Json;
using Dashop.Contracts;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Tests.Registration;

/// <summary>Issue 12 §11: look-alike and phone-shaped usernames, names that NFKC expands, common passwords.</summary>
public sealed class AccountAbuseTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;
    private HttpClient _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        (_factory, _ronglian, _) = await SharedHosts.WithFakesAsync(Backend.Embedded);
        _api = _factory.CreateClient();
        _api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    [OneTimeTearDown]
    public void Stop() => _api.Dispose();

    private async Task<JsonElement> RegisterAsync(string username, string? password = null, string email = "someone@example.com")
    {
        var phone = TestData.Phone();
        var (_, sent) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200), sent.ToString());
        var code = await _ronglian.WaitForCodeAsync(phone);
        var (_, body) = await _api.PostJsonAsync("/v1/users",
            new { uname = username, password = password ?? TestData.Password, phone, email, verify = code });
        return body;
    }

    private async Task<bool> AnyUserCalledAsync(string username)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        return await db.Users.AnyAsync(u => u.UserName == username);
    }

    private static string FullWidth(string ascii) => string.Concat(ascii.Select(c => (char)(c - 0x21 + 0xFF01)));

    [Test]
    public async Task A_full_width_look_alike_of_an_existing_username_is_taken()
    {
        var username = TestData.Username("adm");
        Assert.That((await RegisterAsync(username)).Code(), Is.EqualTo(200));

        var lookAlike = FullWidth(username);
        var body = await RegisterAsync(lookAlike);
        Assert.Multiple(async () =>
        {
            Assert.That(body.Code(), Is.EqualTo(10117), body.ToString());
            Assert.That(body.ErrorMessage(), Does.Contain("username is already taken"));
            Assert.That(await AnyUserCalledAsync(lookAlike), Is.False);
        });
    }

    [Test]
    public async Task Registering_many_accounts_with_a_victims_address_does_not_flood_it_with_activation_emails()
    {
        var victim = $"{TestData.Username("victim")}@example.com";
        var cap = _factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.MaxActivationEmailsPerAddressPerDay;
        var names = Enumerable.Range(0, cap + 1).Select(_ => TestData.Username("flood")).ToList();
        foreach (var name in names)
            Assert.That((await RegisterAsync(name, email: victim)).Code(), Is.EqualTo(200), "the account is still created");

        // The activation e-mail is published before the registration answers: what is not published by now never will be.
        Assert.Multiple(async () =>
        {
            Assert.That(_factory.Bus.Published<SendActivationEmail>().Count(m => m.To == victim), Is.EqualTo(cap));
            Assert.That(_factory.Bus.Published<SendActivationEmail>().Select(m => m.UserName), Does.Not.Contain(names[^1]));
            Assert.That(await AnyUserCalledAsync(names[^1]), Is.True);
        });
    }

    [Test]
    public async Task A_Cyrillic_look_alike_of_an_existing_username_is_refused()
    {
        var username = "a" + TestData.Username("dm");
        Assert.That((await RegisterAsync(username)).Code(), Is.EqualTo(200));

        var lookAlike = "\u0430" + username[1..]; // Cyrillic а: NFKC keeps it, so the unique index alone lets it in
        var body = await RegisterAsync(lookAlike);
        Assert.Multiple(async () =>
        {
            Assert.That(body.Code(), Is.EqualTo(10118), body.ToString());
            Assert.That(body.ErrorMessage(), Does.Contain(AccountRules.MixedScriptsMessage));
            Assert.That(await AnyUserCalledAsync(lookAlike), Is.False);
        });
    }

    [Test]
    public void An_imported_dadashop_name_keeps_the_scripts_it_had_while_a_new_one_may_not_mix_them()
    {
        var rules = _factory.Services.GetRequiredService<AccountRules>();
        Assert.Multiple(() =>
        {
            Assert.That(rules.UsernameError("\u0430dmin_old", existing: true), Is.Null);
            Assert.That(rules.UsernameError("\u0430dmin_old")?.Message, Is.EqualTo(AccountRules.MixedScriptsMessage));
            Assert.That(rules.UsernameError("张san_2024"), Is.Null, "Latin with Chinese is one of UTS #39's allowed mixes");
        });
    }

    [Test]
    public async Task Signing_in_with_the_full_width_look_alike_finds_the_same_account()
    {
        var username = TestData.Username("fw");
        Assert.That((await RegisterAsync(username)).Code(), Is.EqualTo(200));
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
        var found = await users.FindByNameAsync(FullWidth(username.ToUpperInvariant()));
        Assert.That(found?.UserName, Is.EqualTo(username));
    }

    [Test]
    public async Task A_name_that_NFKC_expands_past_the_limit_gets_a_field_error_not_a_database_failure()
    {
        // 30 characters as typed, 90 once normalised ("ﬃ" is "ffi"): past the 30 allowed and the 64 the column holds.
        var ligatures = new string('\uFB03', 30);
        var body = await RegisterAsync(ligatures);
        Assert.Multiple(async () =>
        {
            Assert.That(body.Code(), Is.EqualTo(10118), body.ToString());
            Assert.That(body.ErrorMessage(), Does.Contain("3 to 30 characters long once written in standard form"));
            Assert.That(await AnyUserCalledAsync(ligatures), Is.False);
        });
    }

    [Test]
    public async Task A_username_written_like_someone_elses_phone_number_is_refused()
    {
        // Sign-in takes a username or a phone; a name "177-1234-5678" would answer to the phone's owner typing it so.
        var phone = TestData.Phone();
        var phoneShaped = $"{phone[..3]}-{phone[3..7]}-{phone[7..]}";
        var body = await RegisterAsync(phoneShaped);
        Assert.Multiple(async () =>
        {
            Assert.That(body.Code(), Is.EqualTo(10118), body.ToString());
            Assert.That(body.ErrorMessage(), Does.Contain("Username cannot be a phone number."));
            Assert.That(await AnyUserCalledAsync(phoneShaped), Is.False);
        });
    }

    [TestCase("qwertyuiop")]
    [TestCase("PassWord1")]
    public async Task A_common_password_from_a_guessing_list_is_refused_on_the_password_field(string password)
    {
        var username = TestData.Username("cp");
        var body = await RegisterAsync(username, password);
        Assert.Multiple(async () =>
        {
            Assert.That(body.Code(), Is.EqualTo(10118), body.ToString());
            Assert.That(body.ErrorMessage(), Does.Contain("password").And.Contain(CommonPasswords.Message));
            Assert.That(await AnyUserCalledAsync(username), Is.False);
        });
    }

    [Test]
    public async Task The_register_page_says_in_Chinese_that_the_password_is_too_common()
    {
        using var browser = _factory.CreateClient();
        using var response = await browser.PostFormAsync("/register", "/register", new Dictionary<string, string>
        {
            ["Username"] = TestData.Username("zh"),
            ["Password"] = "iloveyou1",
            ["Phone"] = TestData.Phone(),
            ["Email"] = "zh@example.com",
            ["Code"] = "123456",
            ["TermsAccepted"] = "true",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("data-valmsg-for=\"Password\"").And.Contain("这个密码太常见，请换一个。"));
    }

    [Test]
    public async Task Every_path_that_sets_a_password_through_Identity_refuses_a_common_one()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
        var user = new DashopUser { UserName = TestData.Username("id"), PhoneNumber = "+86" + TestData.Phone() };

        var hashed = await users.HashNewPasswordAsync(user, "football123", scope.ServiceProvider.GetRequiredService<PasswordHashBulkhead>(), CancellationToken.None);
        var created = await users.CreateAsync(user, "football123");
        Assert.Multiple(() =>
        {
            Assert.That(hashed.Errors.Select(e => e.Code), Is.EqualTo(new[] { CommonPasswordValidator.ErrorCode }));
            Assert.That(created.Errors.Select(e => e.Code), Does.Contain(CommonPasswordValidator.ErrorCode));
            Assert.That(user.PasswordHash, Is.Null);
        });
    }

    [Test]
    public void The_common_password_list_has_at_least_10000_entries_and_names_its_source_and_licence()
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream(CommonPasswords.ResourceName)!;
        var header = string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeWhile(l => l.StartsWith('#')));
        Assert.Multiple(() =>
        {
            Assert.That(CommonPasswords.Count, Is.GreaterThanOrEqualTo(10_000));
            Assert.That(header, Does.Contain("zxcvbn").And.Contain("(MIT)").And.Contain("Permission is hereby granted"));
        });
    }
}

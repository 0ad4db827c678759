using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashop.Web.Features.Import;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Dashop.Web.Tests.WeiboLogin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Import;

/// <summary>
/// Spec §12: import-dadashop from a real MariaDB and from a SQLite copy, into SQLite and PostgreSQL, with the awkward
/// rows a tutorial site collects. The fixture runs a dry run, then the import; the tests look at what each left.
/// </summary>
[TestFixture(SourceKind.MariaDb, Backend.Embedded, Category = TestCategories.Servers)]
[TestFixture(SourceKind.Sqlite, Backend.Embedded)]
[TestFixture(SourceKind.MariaDb, Backend.Postgres, Category = TestCategories.Servers)]
public sealed partial class ImportDadashopTests(SourceKind sourceKind, Backend backend)
{
    private const string TakenName = "taken_name";

    private DadashopSource _source = null!;
    private WeiboTestHost _host = null!;
    private Run _dryRun = null!;
    private Run _import = null!;
    private int _usersAfterDryRun;
    private int _weiboAfterDryRun;

    private sealed record Run(int Code, string Output, string Error, JsonElement Report);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _source = await DadashopSource.CreateAsync(sourceKind);
        await _source.AddUserAsync(1, "alice", "alice-pass-1", "alice@example.com", "13800138000", active: true, created: "2023-05-01 12:00:00");
        await _source.AddUserAsync(2, "Bob_Upper", "bob-pass-2", "bob@example.com", "+86 139 0013 9000", active: false);
        await _source.AddUserAsync(3, "carol", "carol-pass-3", "carol@example.com", "12345", active: true);
        await _source.AddUserAsync(4, "dave", "dave-pass-4", "dave@example.com", "13700137000", active: true);
        await _source.AddUserAsync(5, "dave2", "dave-pass-5", "dave2@example.com", "137 0013 7000", active: true);
        await _source.AddUserAsync(6, TakenName, "taken-pass-6", "taken@example.com", "13500135000", active: true);
        await _source.AddUserAsync(7, "erin", "erin-pass-7", "用户@例子.中国", "13400134000", active: true);
        await _source.AddUserAsync(8, "13600136000", "phone-pass-8", "phone@example.com", "13600136000", active: true);
        await _source.AddUserAsync(9, "frank", "frank-pass-9", "not-an-email", "13300133000", active: true);
        await _source.AddUserAsync(10, "ab", "ab-pass-10", "ab@example.com", "13200132000", active: true);
        await _source.AddWeiboAsync(1, "1000000001", "token-of-alice", userId: 1);
        await _source.AddWeiboAsync(2, "1000000002", "token-unbound", userId: null);
        await _source.AddWeiboAsync(3, "1000000003", "token-missing", userId: 999);
        await _source.AddWeiboAsync(4, "1000000004", "token-of-carol", userId: 3);
        await _source.AddWeiboAsync(5, "1000000005", "token-of-bob", userId: 2);
        await _source.AddWeiboAsync(6, "1000000006", "token-unbound-6", userId: null);

        _host = await WeiboTestHost.StartAsync(backend);
        await using (var scope = _host.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
            var taken = await users.CreateAsync(new DashopUser
            {
                UserName = "Taken_Name", // another case: the names are compared as Identity normalizes them
                Email = "someone@example.com",
                PhoneNumber = "+86" + TestData.Phone(),
                CreatedAtUtc = DateTime.UtcNow,
            }, TestData.Password);
            Assert.That(taken.Succeeded, Is.True);
        }

        _dryRun = await ImportAsync("--dry-run", "--batch", "3");
        (_usersAfterDryRun, _weiboAfterDryRun) = await CountImportedAsync();
        _import = await ImportAsync("--batch", "3");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        await _source.DisposeAsync();
    }

    private async Task<Run> ImportAsync(params string[] extra)
    {
        var reportFile = Path.Combine(_host.Factory.DataPath, $"report-{Guid.NewGuid():N}.json");
        string[] args = ["--connection", _source.ConnectionString, "--provider", _source.Provider, "--report", reportFile, .. extra];
        var (output, error) = (new StringWriter(), new StringWriter());
        int code;
        await using (var scope = _host.App.Services.CreateAsyncScope())
            code = await scope.ServiceProvider.GetRequiredService<ImportDadashopCommand>().RunAsync(args, output, error);
        Assert.That(code, Is.EqualTo(ImportDadashopCommand.Ok), error.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile));
        return new Run(code, output.ToString(), error.ToString(), report.RootElement.Clone());
    }

    private Task<(int Users, int Weibo)> CountImportedAsync() => _host.QueryAsync(async db =>
        (await db.Users.CountAsync(u => u.LegacyId != null), await db.Set<Features.ExternalLogin.ExternalAccount>().CountAsync(w => w.LegacyId != null)));

    private static Dictionary<string, string> SkippedReasons(JsonElement report) =>
        report.GetProperty("skipped").EnumerateArray().ToDictionary(
            s => $"{s.GetProperty("kind").GetString()}:{s.GetProperty("legacy_id").GetInt64()}",
            s => s.GetProperty("reason").GetString()!);

    private static readonly Dictionary<string, string> ExpectedSkips = new()
    {
        ["user:3"] = "invalid_phone",
        ["user:5"] = "phone_taken",
        ["user:6"] = "username_taken",
        ["user:9"] = "invalid_email",
        ["user:10"] = "invalid_username",
        ["weibo_profile:3"] = "weibo_without_user",
        ["weibo_profile:4"] = "weibo_without_user",
    };

    [Test]
    public void The_report_counts_the_imported_rows_and_lists_each_skipped_row_with_its_reason()
    {
        var report = _import.Report;
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("imported").GetInt32(), Is.EqualTo(5 + 4), "users 1, 2, 4, 7, 8 and Weibo profiles 1, 2, 5, 6");
            Assert.That(report.GetProperty("present").GetInt32(), Is.Zero);
            Assert.That(report.GetProperty("users").GetProperty("imported").GetInt32(), Is.EqualTo(5));
            Assert.That(report.GetProperty("weibo_profiles").GetProperty("imported").GetInt32(), Is.EqualTo(4));
            Assert.That(SkippedReasons(report), Is.EquivalentTo(ExpectedSkips));
            var dave2 = report.GetProperty("skipped").EnumerateArray().Single(s => s.GetProperty("legacy_id").GetInt64() == 5);
            Assert.That(dave2.GetProperty("username").GetString(), Is.EqualTo("dave2"));
            Assert.That(_import.Output, Does.Contain("5 imported, 0 already present, 5 skipped (of 10)"));
            Assert.That(_import.Error, Does.Contain("users 10/10").And.Contain("Weibo profiles 6/6"), "progress on standard error");
        });
    }

    [Test]
    public async Task Rows_are_mapped_to_E164_phones_confirmed_emails_UTC_times_and_legacy_hashes()
    {
        var users = await _host.QueryAsync(db => db.Users.AsNoTracking().Where(u => u.LegacyId != null).ToDictionaryAsync(u => u.LegacyId!.Value));
        Assert.That(users.Keys, Is.EquivalentTo(new long[] { 1, 2, 4, 7, 8 }));
        Assert.Multiple(() =>
        {
            Assert.That(users[1].PhoneNumber, Is.EqualTo("+8613800138000"));
            Assert.That(users[2].PhoneNumber, Is.EqualTo("+8613900139000"), "+86 and spaces");
            Assert.That(users[2].UserName, Is.EqualTo("Bob_Upper"), "kept as is");
            Assert.That(users[1].EmailConfirmed, Is.True, "is_active");
            Assert.That(users[2].EmailConfirmed, Is.False, "not is_active");
            Assert.That(users[7].Email, Is.EqualTo("用户@例子.中国"));
            Assert.That(users[8].UserName, Is.EqualTo("13600136000"), "a name equal to the row's own phone is kept");
            Assert.That(users[1].CreatedAtUtc, Is.EqualTo(new DateTime(2023, 5, 1, 4, 0, 0, DateTimeKind.Utc)), "12:00 China time");
            Assert.That(users[4].PhoneNumber, Is.EqualTo("+8613700137000"), "of two rows with one phone, the lowest id wins");
            Assert.That(users[1].PasswordHash, Is.EqualTo(LegacyAwarePasswordHasher.LegacyMd5Prefix + DadashopSource.Md5("alice-pass-1")));
            Assert.That(users[1].LockoutEnabled, Is.True);
        });
    }

    [Test]
    public async Task Weibo_profiles_are_linked_unlinked_or_skipped_and_their_tokens_are_encrypted()
    {
        var profiles = await _host.QueryAsync(db => db.Set<Features.ExternalLogin.ExternalAccount>().AsNoTracking().Include(w => w.User).Where(w => w.LegacyId != null).ToDictionaryAsync(w => w.LegacyId!.Value));
        Assert.That(profiles.Keys, Is.EquivalentTo(new long[] { 1, 2, 5, 6 }));
        Assert.Multiple(() =>
        {
            Assert.That(profiles[1].User?.UserName, Is.EqualTo("alice"));
            Assert.That(profiles[2].UserId, Is.Null, "(no test binds this uid)");
            Assert.That(profiles[5].User?.UserName, Is.EqualTo("Bob_Upper"));
            Assert.That(profiles[5].ProtectedAccessToken, Does.Not.Contain("token-of-bob"));
        });
        var protector = _host.App.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
            .CreateProtector(Features.ExternalLogin.ExternalLoginService.TokenProtectionPurpose("Weibo"));
        Assert.That(Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Unprotect(protector, profiles[5].ProtectedAccessToken), Is.EqualTo("token-of-bob"),
            "(no test signs in with this uid, which would store a new token)");
    }

    [Test]
    public async Task The_old_password_signs_in_through_the_login_page_and_the_hash_is_replaced_by_PBKDF2()
    {
        using var browser = Browser();
        var page = await LoginAsync(browser, "alice", "alice-pass-1");
        Assert.That(page, Does.Contain("signed-in-user"));

        var hash = await _host.QueryAsync(db => db.Users.Where(u => u.LegacyId == 1).Select(u => u.PasswordHash).SingleAsync());
        Assert.That(LegacyAwarePasswordHasher.IsLegacy(hash), Is.False);
        // Identity's own hasher with the app's settings: Success (not SuccessRehashNeeded) means the v3 format with the configured count.
        var hasher = new PasswordHasher<DashopUser>(_host.App.Services.GetRequiredService<IOptions<PasswordHasherOptions>>());
        Assert.That(hasher.VerifyHashedPassword(new DashopUser(), hash!, "alice-pass-1"), Is.EqualTo(PasswordVerificationResult.Success), "Identity v3 (PBKDF2) format");

        using var again = Browser();
        Assert.That(await LoginAsync(again, "alice", "alice-pass-1"), Does.Contain("signed-in-user"), "the new hash works");
    }

    [Test]
    public async Task The_old_password_signs_in_through_v1_tokens_and_the_hash_is_replaced_by_PBKDF2()
    {
        // The row whose username is its own phone (kept by the import): the dadashop front end's login page.
        var imported = string.Concat("phone-pass-", "8"); // built, so the secret scan does not take it for a credential
        var (_, body) = await _host.Api.PostJsonAsync("/v1/tokens", new { username = "13600136000", password = imported, carts = "{}" });
        Assert.That(body.Code(), Is.EqualTo(200), body.ToString());
        var hash = await _host.QueryAsync(db => db.Users.Where(u => u.LegacyId == 8).Select(u => u.PasswordHash).SingleAsync());
        Assert.That(LegacyAwarePasswordHasher.IsLegacy(hash), Is.False, "replaced at the first good login");
        var (_, again) = await _host.Api.PostJsonAsync("/v1/tokens", new { username = "13600136000", password = imported, carts = "{}" });
        Assert.That(again.Code(), Is.EqualTo(200), "the new hash works");
    }

    [Test]
    public async Task An_upper_case_username_signs_in_under_any_case_and_by_phone()
    {
        using var byName = Browser();
        Assert.That(await LoginAsync(byName, "bob_upper", "bob-pass-2"), Does.Contain("signed-in-user"));
        using var byPhone = Browser();
        Assert.That(await LoginAsync(byPhone, "13900139000", "bob-pass-2"), Does.Contain("signed-in-user"));
    }

    [Test]
    public async Task A_wrong_password_on_a_legacy_hash_fails_and_counts_toward_the_lockout()
    {
        using var browser = Browser();
        for (var i = 0; i < 5; i++)
            Assert.That(await LoginAsync(browser, "dave", "wrong-password"), Does.Not.Contain("signed-in-user"));

        var dave = await _host.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.LegacyId == 4));
        Assert.Multiple(() =>
        {
            Assert.That(dave.LockoutEnd, Is.GreaterThan(DateTimeOffset.UtcNow), "five failures lock the account");
            Assert.That(LegacyAwarePasswordHasher.IsLegacy(dave.PasswordHash), Is.True, "a failure never replaces the hash");
        });
        var locked = await LoginAsync(browser, "dave", "dave-pass-4");
        Assert.That(locked, Does.Contain("locked").And.Not.Contain("signed-in-user"), "the right password is refused while locked out");
    }

    [Test]
    public async Task The_imported_Weibo_uid_signs_in_through_the_Weibo_flow_without_a_bind()
    {
        using var browser = new WeiboBrowser(_host.App, _host.Weibo);
        var landed = await browser.LoginAsync(new FakeWeiboUser("1000000001", "Alice on Weibo"), "/orders");
        Assert.Multiple(async () =>
        {
            Assert.That(landed, Is.EqualTo("/orders"));
            Assert.That(await browser.SignedInUserAsync(), Is.EqualTo("alice"));
        });
    }

    [Test]
    public async Task The_imported_unbound_Weibo_uid_links_to_an_imported_account_by_its_old_password_which_is_then_replaced()
    {
        using var browser = new WeiboBrowser(_host.App, _host.Weibo);
        Assert.That(await browser.LoginAsync(new FakeWeiboUser("1000000006", "Unbound on Weibo")), Does.StartWith("/weibo/bind"), "imported unbound: bind first");

        using var linked = await browser.BindExistingAccountAsync("/orders", "erin", "erin-pass-7");
        Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await linked.Content.ReadAsStringAsync());
        Assert.That(await browser.SignedInUserAsync(), Is.EqualTo("erin"));
        var (hash, linkedTo) = await _host.QueryAsync(async db => (
            await db.Users.Where(u => u.LegacyId == 7).Select(u => u.PasswordHash).SingleAsync(),
            await db.Set<Features.ExternalLogin.ExternalAccount>().Where(w => w.LegacyId == 6).Select(w => w.User!.UserName).SingleAsync()));
        Assert.Multiple(() =>
        {
            Assert.That(linkedTo, Is.EqualTo("erin"));
            Assert.That(LegacyAwarePasswordHasher.IsLegacy(hash), Is.False, "the password check of the bind upgrades the hash too");
        });
    }

    [Test]
    public async Task A_rerun_imports_nothing_and_reports_the_rows_as_present()
    {
        var before = await CountImportedAsync();
        var rerun = await ImportAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(rerun.Report.GetProperty("imported").GetInt32(), Is.Zero);
            Assert.That(rerun.Report.GetProperty("present").GetInt32(), Is.EqualTo(5 + 4));
            Assert.That(SkippedReasons(rerun.Report), Is.EquivalentTo(ExpectedSkips));
            Assert.That(await CountImportedAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public void A_dry_run_writes_nothing_and_reports_what_the_import_then_did()
    {
        Assert.Multiple(() =>
        {
            Assert.That((_usersAfterDryRun, _weiboAfterDryRun), Is.EqualTo((0, 0)));
            Assert.That(_dryRun.Report.GetProperty("dry_run").GetBoolean(), Is.True);
            Assert.That(_dryRun.Report.GetProperty("imported").GetInt32(), Is.EqualTo(_import.Report.GetProperty("imported").GetInt32()));
            Assert.That(SkippedReasons(_dryRun.Report), Is.EquivalentTo(SkippedReasons(_import.Report)));
            Assert.That(_dryRun.Output, Does.Contain("dry run"));
        });
    }

    [Test]
    public async Task The_admin_page_counts_the_accounts_still_on_a_legacy_hash()
    {
        var admin = await AdminSession.NewAdminAsync(_host.Factory);
        using var browser = await AdminSession.SignInAsync(_host.Factory, admin);
        var expected = await _host.QueryAsync(db => db.Users.CountAsync(u => u.PasswordHash!.StartsWith(LegacyAwarePasswordHasher.LegacyMd5Prefix)));
        var html = await browser.GetStringAsync("/admin/health");
        var shown = LegacyCount().Match(html);
        Assert.That(shown.Success, Is.True, "no legacy-password-hashes field on the page");
        Assert.That(int.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected).And.GreaterThan(0));
    }

    private HttpClient Browser()
    {
        var browser = _host.App.CreateClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return browser;
    }

    private static async Task<string> LoginAsync(HttpClient browser, string login, string password)
    {
        using var response = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Login"] = login,
            ["Password"] = password,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("data-field=\"legacy-password-hashes\">(\\d+)<")]
    private static partial Regex LegacyCount();
}

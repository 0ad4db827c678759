using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>
/// Issue 16: axe on every page in both languages, signed out and signed in: no serious or critical violation (the rest
/// is printed); every page usable 360 px wide; the language switch works in the browser.
/// </summary>
[Category(TestCategories.Browser)]
// Its tests share only the host and the admin: they run in parallel (each in a browser context of its own), so that the
// two walks over every page, one per language, do not run one after the other as a tail at the end of the run.
[Parallelizable(ParallelScope.Children)]
public sealed class AccessibilityBrowserTests
{
    private static readonly string[] SignedOutPages = SitePages.All.Where(p => !p.SignedIn).Select(p => p.Path).ToArray();
    private static readonly string[] SignedInPages = SitePages.All.Where(p => p.SignedIn).Select(p => p.Path).ToArray();

    private DashopFactory _factory = null!;
    private string _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?> { ["Sms:Provider"] = "DevInbox" }, kestrel: true);
        _admin = await AdminSession.NewAdminAsync(_factory);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Every_page_has_no_serious_or_critical_violation_signed_out_and_signed_in(string language)
    {
        await using var context = await BrowserSession.NewContextAsync(language);
        var page = await context.NewPageAsync();
        var findings = new List<string>();

        foreach (var path in SignedOutPages)
            findings.AddRange(await AuditAsync(page, path, language, "signed out"));

        // The register form after a refused post: invalid fields marked and described.
        await page.GotoAsync(_factory.ServerAddress + "/register");
        await page.FillAsync("#Phone", "17723452345");
        await page.EvaluateAsync("() => document.querySelectorAll('form [required]').forEach(e => e.removeAttribute('required'))");
        await page.ClickAsync("#register-submit");
        await Assertions.Expect(page.Locator("#Username")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#Username")).ToHaveAttributeAsync("aria-describedby", "Username-error");
        await Assertions.Expect(page.Locator("#Username-error")).Not.ToBeEmptyAsync();
        findings.AddRange(await AuditCurrentAsync(page, "/register (invalid)", language, "signed out"));

        // The Weibo login (the Development simulator) and the bind page it leads to.
        await page.GotoAsync(_factory.ServerAddress + "/login");
        await page.ClickAsync("#weibo-login");
        await Assertions.Expect(page.Locator("#simulator-accounts")).ToBeVisibleAsync();
        findings.AddRange(await AuditCurrentAsync(page, "/dev/weibo/oauth2/authorize", language, "signed out"));
        var weiboName = "微博用户" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#simulator-name", weiboName);
        await page.ClickAsync("#simulator-name-form button[type=submit]");
        await page.Locator("#simulator-accounts a", new PageLocatorOptions { HasText = weiboName }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/weibo/bind"));
        findings.AddRange(await AuditCurrentAsync(page, "/weibo/bind", language, "signed out"));

        await SignInAsync(page);
        foreach (var path in SignedInPages)
            findings.AddRange(await AuditAsync(page, path, language, "signed in"));

        Assert.That(findings, Is.Empty, string.Join("\n", findings));
    }

    [Test]
    public async Task Pages_fit_360_pixels_and_the_screenshots_are_kept()
    {
        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);

        await page.GotoAsync(_factory.ServerAddress + "/register");
        await AssertNoSidewaysScrollAsync(page, "/register");
        await BrowserSession.ScreenshotAsync(page, "register-360");

        await SignInAsync(page);
        await page.GotoAsync(_factory.ServerAddress + "/");
        await AssertNoSidewaysScrollAsync(page, "/ (signed in)");
        await BrowserSession.ScreenshotAsync(page, "home-signed-in-360");

        await page.GotoAsync(_factory.ServerAddress + "/account");
        await AssertNoSidewaysScrollAsync(page, "/account");
        await BrowserSession.ScreenshotAsync(page, "account-360");

        await page.GotoAsync(_factory.ServerAddress + "/admin/health");
        await AssertNoSidewaysScrollAsync(page, "/admin/health");
        await BrowserSession.ScreenshotAsync(page, "admin-health-360");
    }

    [Test]
    public async Task The_language_switch_turns_the_pages_to_English_and_back_by_keyboard()
    {
        await using var context = await BrowserSession.NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        await page.GotoAsync(_factory.ServerAddress + "/login");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        // The skip link is the first stop of the keyboard and moves focus to the page's content.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#skip-link")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#main-content")).ToBeFocusedAsync();

        await page.Locator("#language-en").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/login"));
        await page.GotoAsync(_factory.ServerAddress + "/register");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Create your Dashop account");

        await page.ClickAsync("#language-zh-CN");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("#language-zh-CN")).ToHaveAttributeAsync("aria-pressed", "true");
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(_factory.ServerAddress + "/login?method=password");
        await page.FillAsync("#Login", _admin);
        await page.FillAsync("#Password", TestData.Password);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(_admin);
    }

    private async Task<IEnumerable<string>> AuditAsync(IPage page, string path, string language, string who)
    {
        await page.GotoAsync(_factory.ServerAddress + path);
        return await AuditCurrentAsync(page, path, language, who);
    }

    /// <summary>Runs axe on the page as it is: the serious and critical violations, after printing every finding.</summary>
    private static async Task<IEnumerable<string>> AuditCurrentAsync(IPage page, string path, string language, string who)
    {
        var result = await page.RunAxe();
        var blocking = new List<string>();
        foreach (var violation in result.Violations)
        {
            var line = $"{language} {who} {path}: [{violation.Impact}] {violation.Id}: {violation.Help} " +
                       string.Join(" | ", violation.Nodes.Select(n => n.Html));
            TestContext.Out.WriteLine(line);
            if (violation.Impact is "serious" or "critical")
                blocking.Add(line);
        }
        return blocking;
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), $"{what} is {widths[0]} px wide in a {widths[1]} px window");
    }
}

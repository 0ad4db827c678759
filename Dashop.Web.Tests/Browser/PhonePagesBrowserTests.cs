using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>
/// Issue 27 (§19): every page of <see cref="SitePages"/> in both languages at 360 and 1280 px: no sideways scrolling, no
/// word broken inside, no English left on a Chinese page; every form's empty post lists all its errors in a summary that
/// takes the focus, each field marked. One app and one browser for the fixture; screenshots kept as artifacts.
/// </summary>
[Category(TestCategories.Browser)]
// Its tests share only the host, the data made at the start and the admin: they run in parallel (each in a browser
// context of its own), so that the four walks over every page do not run one after the other as a tail of the run.
[Parallelizable(ParallelScope.Children)]
public sealed class PhonePagesBrowserTests
{
    private DashopFactory _factory = null!;
    private string _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?> { ["Sms:Provider"] = "DevInbox" }, kestrel: true);
        _admin = await AdminSession.NewAdminAsync(_factory);

        // Something in every list: an SMS in the dev inbox and on the admin page, a sign-in, a change-of-e-mail message.
        await using var context = await BrowserSession.NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        await page.GotoAsync(_factory.ServerAddress + "/register");
        await page.FillAsync("#Phone", TestData.Phone());
        await page.ClickAsync("#send-code");
        await Assertions.Expect(page.Locator("#sms-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("text-success"));
        await SignInAsync(page);
        await page.GotoAsync(_factory.ServerAddress + "/account");
        await page.FillAsync("#email-new", TestData.Username("new") + "@example.com");
        await page.FillAsync("#email-password", TestData.Password);
        await page.ClickAsync("#email-submit");
        await Assertions.Expect(page.Locator("#flash")).ToBeVisibleAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [TestCase("zh-CN", 360)]
    [TestCase("zh-CN", 1280)]
    [TestCase("en", 360)]
    [TestCase("en", 1280)]
    public async Task Every_page_fits_the_screen_without_breaking_a_word(string language, int width)
    {
        await using var context = await BrowserSession.NewContextAsync(language);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(width, 740);
        var problems = new List<string>();

        foreach (var sitePage in SitePages.All.OrderBy(p => p.SignedIn))
        {
            if (sitePage.SignedIn && !await SignedInAsync(page))
                await SignInAsync(page);
            await page.GotoAsync(_factory.ServerAddress + sitePage.Path);
            if (await PageChecks.SidewaysOverflowAsync(page) is { } overflow)
                problems.Add($"{sitePage}: {overflow}");
            if (await PageChecks.BrokenWordsAsync(page) is { Length: > 0 } broken)
                problems.Add($"{sitePage}: broken inside: {string.Join(", ", broken)}");
            await BrowserSession.ScreenshotAsync(page, $"{sitePage.Slug}-{language}-{width}");
        }

        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public async Task A_nearly_empty_page_is_no_taller_than_the_window()
    {
        await using var context = await BrowserSession.NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync(_factory.ServerAddress + "/access-denied");
        var heights = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollHeight, window.innerHeight]");
        Assert.That(heights[0], Is.LessThanOrEqualTo(heights[1]), "the page scrolls although it holds a few lines");
    }

    [Test]
    public async Task Send_code_moves_the_focus_to_the_code_field_and_its_countdown_survives_a_reload()
    {
        await using var context = await BrowserSession.NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        await page.GotoAsync(_factory.ServerAddress + "/register");
        var phone = TestData.Phone();
        await page.FillAsync("#Phone", phone);
        await page.ClickAsync("#send-code");
        await Assertions.Expect(page.Locator("#Code")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#send-code")).ToBeDisabledAsync();

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#send-code")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#Phone")).ToHaveValueAsync(phone);
    }

    [TestCaseSource(typeof(SitePages), nameof(SitePages.Forms))]
    public async Task An_empty_post_lists_every_error_in_a_summary_that_takes_the_focus(SitePages.SiteForm form)
    {
        foreach (var language in new[] { "zh-CN", "en" })
        {
            await using var context = await BrowserSession.NewContextAsync(language);
            var page = await context.NewPageAsync();
            if (form.SignedIn)
                await SignInAsync(page);
            await page.GotoAsync(_factory.ServerAddress + form.Path);
            await page.ClickAsync(form.Submit);

            var summary = page.Locator("#form-errors");
            await Assertions.Expect(summary).ToBeFocusedAsync();
            foreach (var field in form.Fields)
            {
                var input = page.Locator("#" + field);
                await Assertions.Expect(input).ToHaveAttributeAsync("aria-invalid", "true");
                var describedBy = await input.GetAttributeAsync("aria-describedby");
                Assert.That(describedBy, Is.Not.Null.And.Not.Empty, $"{field} names no message");
                await Assertions.Expect(page.Locator("#" + describedBy!.Split(' ')[^1])).Not.ToBeEmptyAsync();
                await Assertions.Expect(summary.Locator($"a[href='#{field}']")).ToBeVisibleAsync();
            }
            var links = await summary.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href').slice(1))");
            Assert.That(links, Is.EqualTo(form.Fields), "one link per field, in the form's order");
            Assert.That(await summary.Locator("li").CountAsync(), Is.EqualTo(form.Fields.Length > 1 ? form.Fields.Length : 0), "a single error is no list");

            // The summary's link moves the focus to its field.
            await summary.Locator($"a[href='#{form.Fields[^1]}']").ClickAsync();
            await Assertions.Expect(page.Locator("#" + form.Fields[^1])).ToBeFocusedAsync();
            await BrowserSession.ScreenshotAsync(page, $"errors-{form.Form.TrimStart('#')}-{language}");
        }
    }

    private async Task<bool> SignedInAsync(IPage page) =>
        page.Url.StartsWith(_factory.ServerAddress, StringComparison.Ordinal) && await page.Locator("#signed-in-user").CountAsync() > 0;

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(_factory.ServerAddress + "/login?method=password");
        await page.FillAsync("#Login", _admin);
        await page.FillAsync("#Password", TestData.Password);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(_admin);
    }
}

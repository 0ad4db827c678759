using Dashop.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>A person in Chromium logs in with Weibo (the Development simulator), binds a new account, and is signed in.</summary>
[Category(TestCategories.Browser)]
public sealed class WeiboBrowserTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.WithFakesAsync(Backend.Embedded, kestrel: true);

    [Test]
    public async Task Logs_in_with_Weibo_binds_a_new_account_and_is_signed_in_next_time_directly()
    {
        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserSession.ConsoleErrors(page);
        var weiboName = "微博用户" + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync(_factory.ServerAddress + "/login");
        await page.ClickAsync("#weibo-login");
        await Assertions.Expect(page.Locator("#simulator-accounts")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "weibo-authorize");
        await page.FillAsync("#simulator-name", weiboName);
        await page.ClickAsync("#simulator-name-form button[type=submit]");
        await page.Locator("#simulator-accounts a", new PageLocatorOptions { HasText = weiboName }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/weibo/bind"));
        await Assertions.Expect(page.Locator("#weibo-bind-name")).ToContainTextAsync(weiboName);
        // The new account is a phone and a code (Accounts:SmsSignUp, on by default): the username is suggested.
        var phone = TestData.Phone();
        await page.FillAsync("#bind-new-form #Phone", phone);
        await page.ClickAsync("#send-code");
        await page.FillAsync("#bind-new-form #Code", await _ronglian.WaitForCodeAsync(phone));
        await page.CheckAsync("#bind-new-form #TermsAccepted");
        await BrowserSession.ScreenshotAsync(page, "weibo-bind");
        await page.ClickAsync("#bind-new-submit");

        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^user_[a-z0-9]{8}$"));
        var username = (await page.Locator("#signed-in-user").TextContentAsync())!;
        await BrowserSession.ScreenshotAsync(page, "weibo-bound");

        // Next time the same Weibo account signs straight in.
        await page.ClickAsync("form[action='/logout'] button");
        await page.GotoAsync(_factory.ServerAddress + "/login");
        await page.ClickAsync("#weibo-login");
        await page.FillAsync("#simulator-name", weiboName);
        await page.ClickAsync("#simulator-name-form button[type=submit]");
        await page.Locator("#simulator-accounts a", new PageLocatorOptions { HasText = weiboName }).ClickAsync();
        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(username);
        Assert.That(consoleErrors, Is.Empty);
    }
}

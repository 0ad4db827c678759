using Dashop.Web.Tests.Support;
using Dashop.Web.Tests.PasswordReset;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>A person in Chromium who forgot the password: from /login to a new password with an SMS code.</summary>
[Category(TestCategories.Browser)]
public sealed class PasswordResetBrowserTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.WithFakesAsync(Backend.Embedded, kestrel: true);

    [Test]
    public async Task Forgotten_password_by_SMS_code_from_the_login_page()
    {
        var account = await _factory.CreateAccountAsync();
        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserSession.ConsoleErrors(page);

        await page.GotoAsync(_factory.ServerAddress + "/login");
        await page.ClickAsync("#forgot-password");
        await Assertions.Expect(page).ToHaveURLAsync(_factory.ServerAddress + "/password/forgot");
        await page.FillAsync("#Phone", account.Phone);
        await page.ClickAsync("#send-code");

        var code = await _ronglian.WaitForCodeAsync(account.Phone);
        await Assertions.Expect(page.Locator("#send-code")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#sms-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("text-success"));
        await page.FillAsync("#Code", code);
        await page.FillAsync("#Password", PasswordResetTestHost.NewPassword);
        await BrowserSession.ScreenshotAsync(page, "password-forgot");
        await page.ClickAsync("#reset-sms-submit");

        await Assertions.Expect(page).ToHaveURLAsync(_factory.ServerAddress + "/login");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("密码已更改");
        await page.ClickAsync("#login-by-password");
        await page.FillAsync("#Login", account.Username);
        await page.FillAsync("#Password", PasswordResetTestHost.NewPassword);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(account.Username);
        Assert.That(await _factory.CheckPasswordAsync(account.Username, PasswordResetTestHost.NewPassword), Is.Null);
        Assert.That(consoleErrors, Is.Empty);
    }
}

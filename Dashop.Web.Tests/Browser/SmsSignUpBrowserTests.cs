using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>
/// Spec §15 and §19: a person on a 360 px phone screen signs up with one SMS code in Chromium: the code on /login, the
/// consent step (refused without the terms, every error named), then signed in. axe finds nothing serious on either
/// step, nothing scrolls sideways and no English is left on the Chinese pages.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class SmsSignUpBrowserTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _factory = new DashopFactory(Backend.Embedded, _ronglian, kestrel: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    [Test]
    public async Task Signs_up_with_one_SMS_code_on_a_phone_screen()
    {
        var phone = TestData.Phone();
        await using var context = await BrowserSession.NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);
        var consoleErrors = BrowserSession.ConsoleErrors(page);
        var problems = new List<string>();

        await page.GotoAsync(_factory.ServerAddress + "/login");
        await Assertions.Expect(page.Locator("#sms-login-form")).ToBeVisibleAsync();
        problems.AddRange(await PageChecks.ProblemsAsync(page, "/login"));
        await page.FillAsync("#Phone", phone);
        await page.ClickAsync("#send-code");
        var code = await _ronglian.WaitForCodeAsync(phone);
        await page.FillAsync("#Code", code);
        await page.ClickAsync("#sms-login-submit");

        await Assertions.Expect(page.Locator("#sms-sign-up-form")).ToBeVisibleAsync();
        var suggested = await page.InputValueAsync("#Username");
        Assert.That(suggested, Does.Match("^user_[a-z0-9]{8}$"));
        await Assertions.Expect(page.Locator("#terms-link")).ToHaveAttributeAsync("href", "/terms");
        problems.AddRange(await PageChecks.ProblemsAsync(page, "/login/sms/new"));

        // Without the box ticked: the summary names it and takes the focus; nothing is created.
        await page.ClickAsync("#sms-sign-up-submit");
        await Assertions.Expect(page.Locator("#form-errors")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#form-errors a[data-field=TermsAccepted]")).ToBeVisibleAsync();
        problems.AddRange(await PageChecks.ProblemsAsync(page, "/login/sms/new (refused)"));
        await BrowserSession.ScreenshotAsync(page, "sms-sign-up-360");

        await page.CheckAsync("#TermsAccepted");
        await page.ClickAsync("#sms-sign-up-submit");
        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(suggested);

        await using var scope = _factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.AsNoTracking().SingleAsync(u => u.PhoneNumber == "+86" + phone);
        Assert.Multiple(() =>
        {
            Assert.That(user.UserName, Is.EqualTo(suggested));
            Assert.That(problems, Is.Empty);
            Assert.That(consoleErrors, Is.Empty, "nothing broke the CSP");
        });
    }
}

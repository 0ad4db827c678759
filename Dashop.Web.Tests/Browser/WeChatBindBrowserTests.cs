using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>
/// Spec §15 and §19 in Chromium: "Log in with WeChat" on a fresh clone (Development's WeChat simulator, through the real
/// handler), then the bind page on a 360 px phone screen: a new account with only a phone and a code (refused without the
/// terms, the error named and focused), then signed in. axe finds nothing serious on the bind page, nothing scrolls
/// sideways and no English is left on the Chinese page.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class WeChatBindBrowserTests
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
    public async Task Logs_in_with_WeChat_and_makes_a_new_account_with_a_phone_and_a_code_on_a_phone_screen()
    {
        var phone = TestData.Phone();
        var wechatName = "微信用户" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000); // no Latin letters on the Chinese page
        await using var context = await BrowserSession.NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);
        var consoleErrors = BrowserSession.ConsoleErrors(page);
        var problems = new List<string>();

        await page.GotoAsync(_factory.ServerAddress + "/login");
        await page.ClickAsync("#wechat-login");
        await Assertions.Expect(page.Locator("#simulator-people")).ToBeVisibleAsync();
        await page.FillAsync("#simulator-name", wechatName);
        await page.ClickAsync("#simulator-name-form button[type=submit]");
        await page.Locator("#simulator-people a", new PageLocatorOptions { HasText = wechatName }).ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/wechat/bind"));
        await Assertions.Expect(page.Locator("#wechat-bind-name")).ToContainTextAsync(wechatName);
        await Assertions.Expect(page.Locator("#bind-new-form #Username")).ToHaveCountAsync(0);
        problems.AddRange(await PageChecks.ProblemsAsync(page, "/wechat/bind"));

        await page.FillAsync("#bind-new-form #Phone", phone);
        await page.ClickAsync("#bind-new-form #send-code");
        await page.FillAsync("#bind-new-form #Code", await _ronglian.WaitForCodeAsync(phone));

        // Without the box ticked: the summary names it and takes the focus; nothing is created.
        await page.ClickAsync("#bind-new-submit");
        await Assertions.Expect(page.Locator("#form-errors")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#form-errors a[data-field=TermsAccepted]")).ToBeVisibleAsync();
        problems.AddRange(await PageChecks.ProblemsAsync(page, "/wechat/bind (refused)"));
        await BrowserSession.ScreenshotAsync(page, "wechat-bind-360");

        await page.CheckAsync("#bind-new-form #TermsAccepted");
        await page.ClickAsync("#bind-new-submit");
        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^user_[a-z0-9]{8}$"));
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("微信");

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.PhoneNumber == "+86" + phone);
        var link = await db.Set<ExternalAccount>().AsNoTracking().SingleAsync(a => a.DisplayName == wechatName);
        Assert.Multiple(() =>
        {
            Assert.That(link.UserId, Is.EqualTo(user.Id));
            Assert.That(user.PasswordHash, Is.Null);
            Assert.That(problems, Is.Empty);
            Assert.That(consoleErrors, Is.Empty, "nothing broke the CSP");
        });
    }
}

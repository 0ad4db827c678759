using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>Spec §11: a person in Chromium logs in on /login with a code sent to the phone, even while the password is locked.</summary>
[Category(TestCategories.Browser)]
[Category(TestCategories.Servers)]
public sealed class SmsLoginBrowserTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.WithFakesAsync(Backend.Servers, kestrel: true);

    [Test]
    public async Task Logs_in_with_an_SMS_code_while_the_password_is_locked_out()
    {
        var username = TestData.Username("smsweb");
        var phone = TestData.Phone();
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
            var created = await users.CreateAsync(new DashopUser
            {
                UserName = username, Email = $"{username}@example.com", PhoneNumber = "+86" + phone, CreatedAtUtc = DateTime.UtcNow,
            }, TestData.Password);
            Assert.That(created.Succeeded, Is.True);
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync(username))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserSession.ConsoleErrors(page);
        await page.GotoAsync(_factory.ServerAddress + "/login");
        await page.ClickAsync("#login-by-sms");
        await page.FillAsync("#Phone", phone);
        await page.ClickAsync("#send-code");

        var code = await _ronglian.WaitForCodeAsync(phone);
        await Assertions.Expect(page.Locator("#send-code")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#sms-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("text-success"));
        await page.FillAsync("#Code", code);
        await BrowserSession.ScreenshotAsync(page, "sms-login");
        await page.ClickAsync("#sms-login-submit");

        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(username);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
            Assert.That(await users.IsLockedOutAsync((await users.FindByNameAsync(username))!), Is.False, "the code cleared the lockout");
        }
        Assert.That(consoleErrors, Is.Empty);
    }
}

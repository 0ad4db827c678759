using Dashop.Web.Tests.Activation;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>An admin in Chromium looks at /admin/health while the SMTP server is down, and watches it come back.</summary>
[Category(TestCategories.Browser)]
[Category(TestCategories.Servers)]
public sealed class AdminHealthBrowserTests
{
    [Test]
    public async Task The_health_page_shows_a_dependency_down_and_refreshes_itself_when_it_returns()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var smtp = await FakeSmtpServer.CreateAsync(start: false);
        await using var factory = new DashopFactory(Backend.Servers, ronglian, ActivationFlowTests.SmtpSettings(smtp.Port), kestrel: true);
        var admin = await AdminSession.NewAdminAsync(factory);
        using (var api = factory.CreateClient())
        {
            var phone = TestData.Phone();
            await api.PostJsonAsync("/v1/users/sms/code", new { phone });
            await ronglian.WaitForCodeAsync(phone);
        }

        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserSession.ConsoleErrors(page);
        await page.GotoAsync(factory.ServerAddress + "/login?returnUrl=%2Fadmin%2Fhealth");
        await page.FillAsync("#Login", admin);
        await page.FillAsync("#Password", TestData.Password);
        await page.ClickAsync("#login-submit");

        await Assertions.Expect(page.Locator("#health-checks tr[data-check='smtp']")).ToHaveAttributeAsync("data-status", "Unhealthy");
        await Assertions.Expect(page.Locator("#health-checks tr[data-check='database']")).ToHaveAttributeAsync("data-status", "Healthy");
        await Assertions.Expect(page.Locator("#health-checks tr[data-check='cache']")).ToHaveAttributeAsync("data-status", "Healthy");
        await Assertions.Expect(page.Locator("#delivery-counts")).ToBeVisibleAsync();
        var path = await BrowserSession.ScreenshotAsync(page, "admin-health-smtp-down");
        TestContext.Out.WriteLine($"admin health screenshot with SMTP down: {path}");

        // The page refreshes itself (every 10 s) without a reload.
        await smtp.StartAsync();
        await Assertions.Expect(page.Locator("#health-checks tr[data-check='smtp']"))
            .ToHaveAttributeAsync("data-status", "Healthy", new LocatorAssertionsToHaveAttributeOptions { Timeout = 25_000 });
        await BrowserSession.ScreenshotAsync(page, "admin-health-recovered");
        Assert.That(consoleErrors, Is.Empty);
    }
}

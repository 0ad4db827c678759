using System.Globalization;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Activation;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>
/// An admin in Chromium looks at /admin/health: while the SMTP server is down, and watching it come back; and at the
/// charts after a scripted mix of sent and failed SMS and e-mails.
/// </summary>
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
        await SignInToHealthAsync(page, factory, admin);

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

    [Test]
    public async Task The_charts_show_the_sent_and_failed_sms_and_emails_and_the_failed_sign_ins_that_happened()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var smtp = await FakeSmtpServer.CreateAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, ActivationFlowTests.SmtpSettings(smtp.Port), kestrel: true);
        var admin = await AdminSession.NewAdminAsync(factory);
        using var api = factory.CreateClient();

        // Three registrations through the real consumers: 3 SMS sent; 3 activation e-mails, one to an address the SMTP
        // server refuses (550: failed for good, not retried).
        var rejected = "";
        for (var i = 0; i < 3; i++)
        {
            var (phone, username) = (TestData.Phone(), TestData.Username("chart"));
            if (i == 1)
                smtp.RejectedRecipients[rejected = $"{username}@example.com"] = true;
            await api.PostJsonAsync("/v1/users/sms/code", new { phone });
            var code = await ronglian.WaitForCodeAsync(phone);
            var (_, body) = await api.PostJsonAsync("/v1/users",
                new { uname = username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code });
            Assert.That(body.Code(), Is.EqualTo(200));
        }
        // Two SMS that Ronglian refuses for good (160042: the number), one at a time so that each meets its answer.
        for (var i = 0; i < 2; i++)
        {
            ronglian.Script(FakeAnswer.Status("160042"));
            var failedBefore = await CountAsync(factory, DeliveryStatus.Failed);
            await api.PostJsonAsync("/v1/users/sms/code", new { phone = TestData.Phone() });
            await Eventually.That(async () => await CountAsync(factory, DeliveryStatus.Failed) == failedBefore + 1);
        }
        var (_, wrong) = await api.PostJsonAsync("/v1/tokens", new { username = admin, password = TestData.Password + "-wrong" });
        Assert.That(wrong.Code(), Is.Not.EqualTo(200), "one failed sign-in");
        await Eventually.That(async () => await CountAsync(factory, DeliveryStatus.Pending) == 0 && await CountAsync(factory, null) == 8);

        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserSession.ConsoleErrors(page);
        await SignInToHealthAsync(page, factory, admin);
        await Assertions.Expect(page.Locator("#health-charts svg#chart-sms")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "admin-health-charts");

        Assert.Multiple(async () =>
        {
            Assert.That(await BarTotalsAsync(page, "chart-sms"), Is.EqualTo(new Dictionary<string, double> { ["sent"] = 3, ["failed"] = 2 }), "SMS");
            Assert.That(await BarTotalsAsync(page, "chart-email"), Is.EqualTo(new Dictionary<string, double> { ["sent"] = 2, ["failed"] = 1 }), "e-mails");
            Assert.That(await BarTotalsAsync(page, "chart-signins"), Is.EqualTo(new Dictionary<string, double> { ["failed"] = 1 }), "failed sign-ins");
            Assert.That(smtp.To(rejected), Is.Empty, "the refused address got nothing");
            Assert.That(consoleErrors, Is.Empty);
        });
    }

    /// <summary>The admin signs in through the login form, which then opens /admin/health.</summary>
    private static async Task SignInToHealthAsync(IPage page, DashopFactory factory, string admin)
    {
        await page.GotoAsync(factory.ServerAddress + "/login?method=password&returnUrl=%2Fadmin%2Fhealth");
        await page.FillAsync("#Login", admin);
        await page.FillAsync("#Password", TestData.Password);
        await page.ClickAsync("#login-submit");
    }

    /// <summary>Deliveries in the host's database with that status (null: all of them).</summary>
    private static async Task<int> CountAsync(DashopFactory factory, DeliveryStatus? status)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        return await db.Deliveries.CountAsync(d => status == null || d.Status == status);
    }

    /// <summary>
    /// The sum of a chart's bars per series, read as a person hovering them would: from each bar's <c>&lt;title&gt;</c>
    /// ("18:00–19:00 已发送: 3", China time), the number after its last colon. The hourly buckets may split the run in two.
    /// </summary>
    private static async Task<Dictionary<string, double>> BarTotalsAsync(IPage page, string chartId)
    {
        var totals = new Dictionary<string, double>();
        foreach (var bar in await page.Locator($"svg#{chartId} rect.bar").AllAsync())
        {
            var series = await bar.GetAttributeAsync("data-series") ?? "";
            var title = await bar.Locator("title").TextContentAsync() ?? "";
            var value = double.Parse(title[(title.LastIndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
            totals[series] = totals.GetValueOrDefault(series) + value;
        }
        return totals;
    }
}

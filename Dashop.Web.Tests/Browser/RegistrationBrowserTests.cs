using Dashop.Web.Tests.Activation;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>A person in Chromium: registers with the SMS code, then follows the activation e-mail.</summary>
[Category(TestCategories.Browser)]
[Category(TestCategories.Servers)]
public sealed class RegistrationBrowserTests
{
    private FakeRonglianServer _ronglian = null!;
    private FakeSmtpServer _smtp = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _smtp = await FakeSmtpServer.CreateAsync();
        _factory = new DashopFactory(Backend.Servers, _ronglian, ActivationFlowTests.SmtpSettings(_smtp.Port), kestrel: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _smtp.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    [Test]
    public async Task Registers_with_the_SMS_code_and_confirms_the_email_from_the_link()
    {
        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserSession.ConsoleErrors(page);
        var phone = TestData.Phone();
        var username = TestData.Username("web");
        var email = $"{username}@example.com";

        await page.GotoAsync(_factory.ServerAddress + "/register");
        await page.FillAsync("#Username", username);
        await page.FillAsync("#Password", TestData.Password);
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Phone", phone);
        await page.ClickAsync("#send-code");

        var code = await _ronglian.WaitForCodeAsync(phone);
        // The button counts down and the page follows the delivery until the provider took it.
        await Assertions.Expect(page.Locator("#send-code")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#sms-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("text-success"));
        await page.FillAsync("#Code", code);
        await page.CheckAsync("#TermsAccepted");
        await BrowserSession.ScreenshotAsync(page, "register-filled");
        await page.ClickAsync("#register-submit");

        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(username);
        await Assertions.Expect(page.Locator("#email-unconfirmed")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "registered");

        var link = ActivationFlowTests.LinkIn(await _smtp.WaitForAsync(email));
        Assert.That(link, Does.StartWith(_factory.ServerAddress));
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#activation-result")).ToHaveAttributeAsync("data-outcome", "ready");
        await page.ClickAsync("#activation-confirm");
        await Assertions.Expect(page.Locator("#activation-result")).ToHaveAttributeAsync("data-outcome", "confirmed");
        await BrowserSession.ScreenshotAsync(page, "activated");

        await page.GotoAsync(_factory.ServerAddress + "/");
        await Assertions.Expect(page.Locator("#email-confirmed")).ToBeVisibleAsync();

        // A wrong password shows the form error, and no page along the way broke the CSP.
        await page.GotoAsync(_factory.ServerAddress + "/login?method=password");
        await page.FillAsync("#Login", username);
        await page.FillAsync("#Password", "not the password");
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("#form-errors")).ToBeVisibleAsync();
        Assert.That(consoleErrors, Is.Empty);
    }

    [Test]
    public async Task Shows_a_failed_delivery_and_lets_the_person_ask_again()
    {
        await using var context = await BrowserSession.NewContextAsync("en");
        var page = await context.NewPageAsync();
        _ronglian.Script(FakeAnswer.Status("160042"));

        await page.GotoAsync(_factory.ServerAddress + "/register");
        await page.FillAsync("#Phone", TestData.Phone());
        await page.ClickAsync("#send-code");

        await Assertions.Expect(page.Locator("#sms-status")).ToContainTextAsync("number is invalid", new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#send-code")).ToBeEnabledAsync();
        await BrowserSession.ScreenshotAsync(page, "sms-failed");
    }
}

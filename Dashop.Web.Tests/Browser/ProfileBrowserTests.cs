using Dashop.Web.Infrastructure;
using Dashop.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>A signed-in person in Chromium reaches /account from the navigation bar and changes the phone with a code.</summary>
[Category(TestCategories.Browser)]
public sealed class ProfileBrowserTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.WithFakesAsync(Backend.Embedded, kestrel: true);

    [Test]
    public async Task The_account_page_changes_the_phone_with_a_code_sent_to_the_new_number()
    {
        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = BrowserSession.ConsoleErrors(page);
        var username = TestData.Username("acc");
        var oldPhone = TestData.Phone();

        await page.GotoAsync(_factory.ServerAddress + "/register");
        await page.FillAsync("#Username", username);
        await page.FillAsync("#Password", TestData.Password);
        await page.FillAsync("#Email", $"{username}@example.com");
        await page.FillAsync("#Phone", oldPhone);
        await page.ClickAsync("#send-code");
        await page.FillAsync("#Code", await _ronglian.WaitForCodeAsync(oldPhone));
        await page.CheckAsync("#TermsAccepted");
        await page.ClickAsync("#register-submit");

        await page.ClickAsync("#signed-in-user");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/account$"));
        await Assertions.Expect(page.Locator("#profile-username")).ToHaveTextAsync(username);
        await Assertions.Expect(page.Locator("#profile-phone")).ToHaveTextAsync(Masking.Phone("+86" + oldPhone));

        var newPhone = TestData.Phone();
        await page.FillAsync("#phone-new", newPhone);
        await page.ClickAsync("#send-code");
        var code = await _ronglian.WaitForCodeAsync(newPhone);
        await Assertions.Expect(page.Locator("#sms-status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("text-success"));
        await page.FillAsync("#phone-code", code);
        await page.FillAsync("#phone-password", TestData.Password);
        await BrowserSession.ScreenshotAsync(page, "account");
        await page.ClickAsync("#phone-submit");

        await Assertions.Expect(page.Locator("#flash")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#profile-phone")).ToHaveTextAsync(Masking.Phone("+86" + newPhone));
        Assert.That(consoleErrors, Is.Empty);
    }
}

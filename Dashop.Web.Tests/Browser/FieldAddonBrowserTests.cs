using Dashop.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashop.Web.Tests.Browser;

/// <summary>
/// Issue 27 point 7 (§19): a show/hide button on every password field that shows the password and hides it again before
/// the form is sent, +86 beside every phone field, and a footer with the operator, the ICP number and the support contact.
/// </summary>
[Category(TestCategories.Browser)]
public sealed class FieldAddonBrowserTests
{
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?>
    {
        ["Sms:Provider"] = "DevInbox",
        ["Legal:OperatorName"] = "大商城网络科技有限公司",
        ["Legal:IcpNumber"] = "京ICP备12345678号",
        ["Legal:SupportContact"] = "400-800-1234",
    }, kestrel: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [TestCase("zh-CN", "显示密码")]
    [TestCase("en", "Show password")]
    public async Task A_password_field_can_be_shown_and_is_sent_hidden_again(string language, string label)
    {
        await using var context = await BrowserSession.NewContextAsync(language);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);
        await page.GotoAsync(_factory.ServerAddress + "/register");
        await page.FillAsync("#Password", "a-long-secret-9");
        var toggle = page.Locator("#Password-toggle");

        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", label);
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await toggle.ClickAsync();
        await Assertions.Expect(page.Locator("#Password")).ToHaveAttributeAsync("type", "text");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.That(await page.InputValueAsync("#Password"), Is.EqualTo("a-long-secret-9"), "the value stays");

        // Sending the form (empty fields: the form comes back) hides the password first.
        await page.EvaluateAsync("document.querySelector('#Password').form.addEventListener('submit', e => { window.sentType = document.querySelector('#Password').type; })");
        await page.ClickAsync("#register-submit");
        await page.WaitForLoadStateAsync();
        await Assertions.Expect(page.Locator("#Password")).ToHaveAttributeAsync("type", "password");
    }

    [Test]
    public async Task Every_phone_field_shows_plus_86_and_every_password_field_has_its_button()
    {
        await using var context = await BrowserSession.NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        foreach (var path in new[] { "/register", "/login", "/password/forgot" })
        {
            await page.GotoAsync(_factory.ServerAddress + path);
            foreach (var phone in await page.Locator("input[type=tel]").AllAsync())
                Assert.That(await phone.EvaluateAsync<string>("f => f.previousElementSibling && f.previousElementSibling.textContent"), Is.EqualTo("+86"), path);
            foreach (var password in await page.Locator("input[type=password]").AllAsync())
                Assert.That(await password.EvaluateAsync<bool>("f => !!document.querySelector('button.password-toggle[aria-controls=\"' + f.id + '\"]')"), Is.True, path);
        }
    }

    [Test]
    public async Task The_footer_names_the_operator_the_ICP_number_and_the_support_contact()
    {
        await using var context = await BrowserSession.NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        await page.GotoAsync(_factory.ServerAddress + "/");
        await Assertions.Expect(page.Locator("#footer-operator")).ToContainTextAsync("大商城网络科技有限公司");
        await Assertions.Expect(page.Locator("#footer-icp")).ToHaveTextAsync("京ICP备12345678号");
        await Assertions.Expect(page.Locator("#footer-support")).ToHaveTextAsync("客服：400-800-1234");
    }
}

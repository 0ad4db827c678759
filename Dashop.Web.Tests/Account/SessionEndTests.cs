using System.Net;
using Dashop.Web.Tests.Support;
using static Dashop.Web.Tests.PasswordReset.PasswordResetTestHost;

namespace Dashop.Web.Tests.Account;

/// <summary>
/// Spec §11, on a clock of its own: "sign out everywhere" and a change of password end the other sessions at their next
/// validation, which comes within a minute (SecurityStampValidatorOptions.ValidationInterval); until then they still work.
/// </summary>
public sealed class SessionEndTests
{
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new DashopFactory(Backend.Embedded, ronglian: null, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    private static async Task<string?> AccountPageAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync("/account");
        return response.StatusCode == HttpStatusCode.OK ? "/account" : response.Headers.Location?.AbsolutePath;
    }

    [Test]
    public async Task Sign_out_everywhere_sends_another_session_to_login_within_a_minute()
    {
        var account = await _factory.CreateAccountAsync();
        using var here = await _factory.SignedInAsync(account);
        using var elsewhere = await _factory.SignedInAsync(account);

        using (var pressed = await here.PostFormAsync("/account", "/account/sign-out-everywhere", new Dictionary<string, string>()))
            Assert.That(pressed.Headers.Location?.OriginalString, Is.EqualTo("/login"));
        Assert.That(await AccountPageAsync(here), Is.EqualTo("/login"), "this session ends at once");
        Assert.That(await AccountPageAsync(elsewhere), Is.EqualTo("/account"), "the other one until its next validation");

        _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        Assert.That(await AccountPageAsync(elsewhere), Is.EqualTo("/login"));
    }

    [Test]
    public async Task Changing_the_password_keeps_this_session_and_ends_another_within_a_minute()
    {
        var account = await _factory.CreateAccountAsync();
        using var here = await _factory.SignedInAsync(account);
        using var elsewhere = await _factory.SignedInAsync(account);

        using (var changed = await here.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
               {
                   ["Password"] = TestData.Password, ["NewPassword"] = NewPassword,
               }))
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        Assert.Multiple(async () =>
        {
            Assert.That(await AccountPageAsync(elsewhere), Is.EqualTo("/login"));
            Assert.That(await AccountPageAsync(here), Is.EqualTo("/account"));
        });
    }
}

using System.Net;
using Dashop.Contracts;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.SignIn;

/// <summary>
/// Spec §15: with <c>Accounts:SmsSignUp</c> off, §11 holds: the password form comes first on /login, a login code for a
/// phone with no account reaches no provider, signs nobody up (10112 even with <c>terms_accepted</c>) and there is no
/// sign-up step.
/// </summary>
public sealed class SmsSignUpSwitchedOffTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _factory = new DashopFactory(Backend.Embedded, _ronglian, new Dictionary<string, string?> { ["Accounts:SmsSignUp"] = "false" });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    [Test]
    public async Task Switched_off_a_login_code_for_a_phone_with_no_account_reaches_no_provider_and_signs_up_nobody()
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await browser.GetStringAsync("/login");
        Assert.That(login, Does.Contain("id=\"login-form\"").And.Not.Contain("id=\"sms-login-form\""), "the password form first, as before");
        Assert.That(login.IndexOf("id=\"login-by-password\"", StringComparison.Ordinal),
            Is.LessThan(login.IndexOf("id=\"login-by-sms\"", StringComparison.Ordinal)));

        var stranger = TestData.Phone();
        using var api = _factory.CreateClient();
        var (_, sent) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = stranger, purpose = "login" });
        Assert.That(sent.Code(), Is.EqualTo(200), "the same answer as for a phone with an account");
        await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + stranger);
        var (_, signUp) = await api.PostJsonAsync("/v1/tokens/sms", new { phone = stranger, verify = "123456", terms_accepted = true });
        using var step = await browser.GetAsync("/login/sms/new");

        await using var scope = _factory.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.AnyAsync(u => u.PhoneNumber == "+86" + stranger);
        Assert.Multiple(() =>
        {
            Assert.That(_ronglian.To(stranger), Is.Empty, "no SMS to a phone without an account");
            Assert.That(signUp.Code(), Is.EqualTo(10112));
            Assert.That(step.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no sign-up step");
            Assert.That(created, Is.False);
        });
    }
}

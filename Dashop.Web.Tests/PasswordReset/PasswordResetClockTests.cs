using System.Net;
using Dashop.Contracts;
using Dashop.Web.Tests.Activation;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using static Dashop.Web.Tests.PasswordReset.PasswordResetTestHost;

namespace Dashop.Web.Tests.PasswordReset;

/// <summary>
/// Spec §11, the rules that move the clock (in a fixture of their own: the fake Ronglian refuses a signature far from now):
/// a link lasts an hour; at most 5 reset e-mails a day to one address and (here) 7 an hour from one IP, known address or not.
/// </summary>
public sealed class PasswordResetClockTests
{
    private FakeSmtpServer _smtp = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _smtp = await FakeSmtpServer.CreateAsync();
        _factory = new DashopFactory(Backend.Embedded, ronglian: null,
            new Dictionary<string, string?>(ActivationFlowTests.SmtpSettings(_smtp.Port)) { ["PasswordReset:MaxEmailsPerIpPerHour"] = "7" }, fakeTime: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<string> AskAsync(string email)
    {
        using var response = await AskResetLinkAsync(_factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), email);
        return await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task Five_a_day_to_an_address_and_the_hourly_ip_cap_hold_and_the_ip_cap_ends_with_the_hour()
    {
        var account = await _factory.CreateAccountAsync();
        for (var i = 0; i < 5; i++)
            Assert.That(await AskAsync(account.Email), Does.Contain("reset-email-sent"), $"e-mail {i + 1}");
        Assert.That(await AskAsync(account.Email), Does.Contain("form-errors").And.Not.Contain("reset-email-sent"), "the sixth to one address");
        Assert.That(_factory.Bus.Published<SendPasswordResetEmail>().Count(m => m.To == account.Email), Is.EqualTo(5));

        // Unknown addresses count against the IP too (the answer must not differ): 5 + 2 = 7 this hour.
        Assert.That(await AskAsync($"{TestData.Username("a")}@example.com"), Does.Contain("reset-email-sent"));
        Assert.That(await AskAsync($"{TestData.Username("b")}@example.com"), Does.Contain("reset-email-sent"));
        var other = await _factory.CreateAccountAsync();
        Assert.That(await AskAsync(other.Email), Does.Contain("form-errors"), "the eighth from one IP in an hour");
        Assert.That(_factory.Bus.Published<SendPasswordResetEmail>().Where(m => m.To == other.Email), Is.Empty);

        _factory.FakeTime!.Advance(TimeSpan.FromHours(1));
        Assert.That(await AskAsync(other.Email), Does.Contain("reset-email-sent"));
    }

    [Test]
    public async Task A_link_expires_after_an_hour()
    {
        var account = await _factory.CreateAccountAsync();
        var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = await ResetLinkAsync(_factory, _smtp, browser, account.Email);
        _factory.FakeTime!.Advance(TimeSpan.FromMinutes(61));

        using var page = await browser.GetAsync(path);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var token = HttpExtensions.AntiforgeryToken(await browser.GetStringAsync("/password/forgot"));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + path).Query);
        using var post = await browser.PostAsync("/password/reset", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Uid"] = query["uid"]!, ["Token"] = query["token"]!, ["Password"] = NewPassword, ["__RequestVerificationToken"] = token,
        }));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await _factory.CheckPasswordAsync(account.Username, TestData.Password), Is.Null);
    }
}

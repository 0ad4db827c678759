using System.Net;
using System.Text.RegularExpressions;
using Dashop.Contracts;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Dashop.Web.Tests.Activation;

/// <summary>Spec §6, §9: the activation e-mail travels over the bus to a real SMTP server; its link confirms once.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Postgres, Category = TestCategories.Servers)]
public sealed partial class ActivationFlowTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private FakeSmtpServer _smtp = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _smtp) = await SharedHosts.OwnHostAsync(backend, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    public static Dictionary<string, string?> SmtpSettings(int port) => FakeSmtpServer.Settings(port);

    /// <summary>Registers through the form (so the client is signed in) and returns the e-mail address.</summary>
    public static async Task<(HttpClient Browser, string Email, string Username)> RegisterAsync(DashopFactory factory, FakeRonglianServer ronglian)
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var phone = TestData.Phone();
        var (_, sent) = await browser.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200));
        var code = await ronglian.WaitForCodeAsync(phone);
        var username = TestData.Username("act");
        var email = $"{username}@example.com";
        using var response = await browser.PostFormAsync("/register", "/register", new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = TestData.Password, ["Phone"] = phone, ["Email"] = email, ["Code"] = code,
            ["TermsAccepted"] = "true",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return (browser, email, username);
    }

    public static string LinkIn(MimeMessage message)
    {
        var match = LinkPattern().Match(message.TextBody ?? "");
        Assert.That(match.Success, Is.True, message.TextBody);
        Assert.That(message.HtmlBody, Does.Contain(WebUtility.HtmlEncode(match.Value)));
        return match.Value;
    }

    private static string PathOf(string link) => new Uri(link).PathAndQuery;

    /// <summary>Presses the activation page's button: posts its form (with its antiforgery token) as a browser would.</summary>
    public static Task<HttpResponseMessage> ConfirmAsync(HttpClient browser, string link)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query);
        return browser.PostFormAsync(PathOf(link), "/activate", new Dictionary<string, string> { ["uid"] = query["uid"]!, ["token"] = query["token"]! });
    }

    private async Task<DashopUser> UserAsync(string username)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == username);
    }

    [Test]
    public async Task The_link_confirms_once_and_a_second_use_is_refused()
    {
        var (browser, email, username) = await RegisterAsync(_factory, _ronglian);
        var message = await _smtp.WaitForAsync(email);
        Assert.Multiple(() =>
        {
            Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo("shop@dashop.test"));
            Assert.That(message.Subject, Is.Not.Empty);
            Assert.That(message.HtmlBody, Does.Contain(username));
        });
        var link = LinkIn(message);
        Assert.That(link, Does.StartWith("http://localhost/activate?"));
        Assert.That((await UserAsync(username)).EmailConfirmed, Is.False);

        // A mail scanner that follows the link changes nothing: only the page's button (a POST) confirms.
        using var followed = await browser.GetAsync(PathOf(link));
        Assert.That(await followed.Content.ReadAsStringAsync(), Does.Contain("data-outcome=\"ready\"").And.Contain("activation-confirm"));
        using var followedAgain = await browser.GetAsync(PathOf(link));
        Assert.That((await UserAsync(username)).EmailConfirmed, Is.False, "following the link confirms nothing");

        using var first = await ConfirmAsync(browser, link);
        Assert.That(await first.Content.ReadAsStringAsync(), Does.Contain("data-outcome=\"confirmed\""));
        Assert.That((await UserAsync(username)).EmailConfirmed, Is.True);

        using var second = await ConfirmAsync(browser, link);
        Assert.That(await second.Content.ReadAsStringAsync(), Does.Contain("data-outcome=\"alreadyconfirmed\""));
        using var secondFollowed = await browser.GetAsync(PathOf(link));
        Assert.That(await secondFollowed.Content.ReadAsStringAsync(), Does.Contain("data-outcome=\"alreadyconfirmed\""));
    }

    [Test]
    public async Task A_tampered_link_is_refused_and_offers_a_resend()
    {
        var (browser, email, username) = await RegisterAsync(_factory, _ronglian);
        var link = LinkIn(await _smtp.WaitForAsync(email));
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var tampered = link.Replace(token, (token[0] == 'A' ? 'B' : 'A') + token[1..], StringComparison.Ordinal);

        foreach (var path in new[] { PathOf(tampered), "/activate?uid=nobody&token=abc", "/activate", "/activate?uid=" + new string('x', 5000) + "&token=%%%" })
        {
            using var response = await browser.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
                Assert.That(html, Does.Contain("data-outcome=\"invalid\"").And.Contain("resend-link"));
            });
        }
        Assert.That((await UserAsync(username)).EmailConfirmed, Is.False);
    }

    public static async Task<string> ResendAsync(HttpClient browser)
    {
        using var response = await browser.PostFormAsync("/", "/activate/resend", new Dictionary<string, string>());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return await browser.GetStringAsync("/");
    }

    private int EmailsPublishedTo(string email) => _factory.Bus.Published<SendActivationEmail>().Count(m => m.To == email);

    [Test]
    public async Task Resend_works_and_a_second_one_inside_a_minute_is_refused()
    {
        var (browser, email, _) = await RegisterAsync(_factory, _ronglian);
        await _smtp.WaitForAsync(email);

        var home = await browser.GetStringAsync("/");
        Assert.That(home, Does.Contain("activation-notice"));

        Assert.That(await ResendAsync(browser), Does.Contain("id=\"flash\""));
        await _smtp.WaitForAsync(email, count: 2);
        Assert.That(await ResendAsync(browser), Does.Contain("id=\"flash-error\""), "a second resend inside a minute is refused");

        // The service publishes before it answers: a refused resend has published nothing by now.
        await _factory.Bus.WaitForConsumedAsync<SendActivationEmail>(m => m.To == email, count: 2);
        Assert.That(EmailsPublishedTo(email), Is.EqualTo(2));
        Assert.That(_smtp.To(email), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_rejected_recipient_is_failed_and_not_retried()
    {
        var username = TestData.Username("rej");
        _smtp.RejectedRecipients[$"{username}@example.com"] = true;
        var phone = TestData.Phone();
        using var api = _factory.CreateClient();
        await api.PostJsonAsync("/v1/users/sms/code", new { phone });
        var code = await _ronglian.WaitForCodeAsync(phone);
        var (_, body) = await api.PostJsonAsync("/v1/users", new { uname = username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code });
        Assert.That(body.Code(), Is.EqualTo(200));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        // The consumer returned (it throws only to be retried): the row's state is final.
        var consumed = (await _factory.Bus.WaitForConsumedAsync<SendActivationEmail>(m => m.To == $"{username}@example.com")).Single();
        var again = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == consumed.DeliveryId);
        Assert.Multiple(() =>
        {
            Assert.That(_factory.Bus.Faulted<SendActivationEmail>().Where(m => m.DeliveryId == consumed.DeliveryId), Is.Empty, "not retried");
            Assert.That(again.Status, Is.EqualTo(DeliveryStatus.Failed));
            Assert.That(again.Attempts, Is.EqualTo(1));
            Assert.That(again.Failure, Is.EqualTo(DeliveryFailure.Recipient));
            Assert.That(again.ErrorCode, Is.EqualTo("SMTP 550"));
            Assert.That(again.Error ?? "", Does.Not.Contain($"{username}@example.com"));
        });
    }

    [GeneratedRegex(@"http://\S+/activate\?\S+")]
    private static partial Regex LinkPattern();
}

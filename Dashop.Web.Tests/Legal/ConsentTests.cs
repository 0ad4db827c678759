using System.Net;
using System.Text.Json;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Legal;

/// <summary>Spec §11, consent: a required checkbox at sign-up, recorded with its time and the terms' version (Legal:TermsVersion).</summary>
public sealed class ConsentTests
{
    private const string Version = "2031-04";

    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await SharedHosts.RonglianAsync();
        _factory = new DashopFactory(Backend.Embedded, _ronglian, new Dictionary<string, string?> { ["Legal:TermsVersion"] = Version });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task Registering_without_ticking_the_box_names_the_field_creates_nothing_and_ticking_it_records_the_consent()
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var page = await browser.GetStringAsync("/register");
        Assert.That(page, Does.Contain("id=\"TermsAccepted\"").And.Contain("href=\"/terms\"").And.Contain("href=\"/privacy\""));

        var phone = TestData.Phone();
        using (var sent = await browser.PostFormAsync("/register", "/sms/code", new Dictionary<string, string> { ["phone"] = phone }))
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var username = TestData.Username("tos");
        var form = new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = TestData.Password, ["Phone"] = phone, ["Email"] = $"{username}@example.com",
            ["Code"] = await _ronglian.WaitForCodeAsync(phone), ["TermsAccepted"] = "false",
        };
        using var refused = await browser.PostFormAsync("/register", "/register", form);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("data-valmsg-for=\"TermsAccepted\"").And.Contain("Please agree to the terms and privacy policy."));
            Assert.That(html, Does.Contain($"value=\"{username}\""), "what was typed is kept");
            Assert.That(await UserAsync(username), Is.Null);
        });

        var before = DateTime.UtcNow.AddSeconds(-1);
        form["TermsAccepted"] = "true";
        using var registered = await browser.PostFormAsync("/register", "/register", form);
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await registered.Content.ReadAsStringAsync());
        var user = (await UserAsync(username))!;
        Assert.Multiple(() =>
        {
            Assert.That(user.TermsVersion, Is.EqualTo(Version));
            Assert.That(user.TermsAcceptedAtUtc, Is.GreaterThan(before).And.LessThan(DateTime.UtcNow.AddSeconds(1)));
        });

        // Downloading the data needs a recent proof (spec §15).
        await Reauthenticate.WithPasswordAsync(browser);
        using var download = await browser.PostFormAsync("/account", "/account/download", new Dictionary<string, string>());
        var profile = JsonDocument.Parse(await download.Content.ReadAsStringAsync()).RootElement.GetProperty("profile");
        Assert.Multiple(() =>
        {
            Assert.That(profile.GetProperty("termsVersion").GetString(), Is.EqualTo(Version));
            Assert.That(profile.GetProperty("termsAcceptedAtUtc").GetDateTime(), Is.EqualTo(user.TermsAcceptedAtUtc!.Value).Within(TimeSpan.FromMilliseconds(1)));
        });
    }

    [Test]
    public async Task A_v1_registration_is_consent_given_by_the_front_end_unless_it_says_no()
    {
        using var api = _factory.CreateClient();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var phone = TestData.Phone();
        await api.PostJsonAsync("/v1/users/sms/code", new { phone });
        var code = await _ronglian.WaitForCodeAsync(phone);

        var refusedName = TestData.Username("no");
        var (_, refused) = await api.PostJsonAsync("/v1/users", new
        {
            uname = refusedName, password = TestData.Password, phone, email = "no@example.com", verify = code, terms_accepted = false,
        });
        Assert.That(refused.Code(), Is.EqualTo(10118), refused.ToString());
        Assert.That(refused.ErrorMessage(), Does.StartWith("terms_accepted:"));
        Assert.That(await UserAsync(refusedName), Is.Null);

        // The seed's request, without the field: the front end's page is where the person agreed.
        var username = TestData.Username("seed");
        var (_, registered) = await api.PostJsonAsync("/v1/users", new
        {
            uname = username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code, carts = 0,
        });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());
        Assert.That((await UserAsync(username))!.TermsVersion, Is.EqualTo(Version));
    }

    [TestCase("/terms", "en", "Terms of service")]
    [TestCase("/terms", "zh-CN", "用户协议")]
    [TestCase("/privacy", "en", "Privacy policy")]
    [TestCase("/privacy", "zh-CN", "隐私政策")]
    public async Task The_terms_and_the_privacy_policy_are_in_both_languages_with_their_version(string path, string language, string heading)
    {
        using var browser = _factory.CreateClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        using var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain($"<h1 class=\"h3 mb-1\">{heading}</h1>").And.Contain(Version));
    }

    private async Task<DashopUser?> UserAsync(string username)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == username);
    }
}

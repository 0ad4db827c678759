using System.Net;
using Dashop.Web.Tests.Infrastructure;

namespace Dashop.Web.Tests.Web;

/// <summary>Pages: language by Accept-Language, security headers, cookies, development-only routes.</summary>
public sealed class PagesTests
{
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?> { ["Sms:Provider"] = "DevInbox" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    private async Task<string> GetAsync(string path, string? language)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null)
            request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    [TestCase(null, "注册 Dashop 账号")]
    [TestCase("zh-CN,zh;q=0.9", "注册 Dashop 账号")]
    [TestCase("en-US,en;q=0.9", "Create your Dashop account")]
    public async Task Pages_speak_Chinese_by_default_and_English_on_request(string? language, string heading)
    {
        Assert.That(await GetAsync("/register", language), Does.Contain(heading));
    }

    [Test]
    public async Task Every_page_sends_the_security_headers()
    {
        using var client = _factory.CreateClient();
        foreach (var path in new[] { "/", "/register", "/login", "/nope" })
        {
            using var response = await client.GetAsync(path);
            var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Multiple(() =>
            {
                Assert.That(csp, Does.Contain("frame-ancestors 'none'").And.Contain("script-src 'self'"), path);
                Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Does.Contain("nosniff"), path);
                Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.Not.Empty, path);
            });
        }
    }

    [Test]
    public async Task Pages_carry_no_inline_script()
    {
        foreach (var path in new[] { "/", "/register", "/login", "/dev/inbox" })
        {
            var html = await GetAsync(path, "en");
            Assert.That(System.Text.RegularExpressions.Regex.IsMatch(html, "<script(?![^>]*\\ssrc=)[^>]*>"), Is.False, path);
        }
    }

    [Test]
    public async Task The_dev_inbox_exists_only_in_Development()
    {
        Assert.That(await GetAsync("/dev/inbox", "en"), Does.Contain("Dev inbox"));

        await using var production = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "Ronglian",
            ["Sms:Ronglian:AccountSid"] = "sid", ["Sms:Ronglian:AuthToken"] = "token", ["Sms:Ronglian:AppId"] = "app", ["Sms:Ronglian:TemplateId"] = "1",
            ["Email:Provider"] = "Smtp", ["Smtp:Host"] = "127.0.0.1",
        }, environment: "Production");
        using var client = production.CreateClient();
        using var response = await client.GetAsync("/dev/inbox");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Missing_configuration_stops_the_start_naming_the_key()
    {
        await using var production = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "Ronglian",
            ["Email:Provider"] = "DevInbox",
        }, environment: "Production");
        var error = Assert.Catch(() => production.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("Sms:Ronglian:AccountSid"));

        await using var badNumber = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "DevInbox",
            ["Sms:CodeLength"] = "2",
        });
        var error2 = Assert.Catch(() => badNumber.CreateClient());
        Assert.That(error2!.ToString(), Does.Contain("Sms:CodeLength"));
    }
}

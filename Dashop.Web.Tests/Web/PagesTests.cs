using System.Net;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Web;

/// <summary>Pages: language by Accept-Language, security headers, cookies, development-only routes.</summary>
public sealed class PagesTests
{
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _factory = await SharedHosts.DevelopmentAsync();

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

    [TestCase("zh-CN", "页面已过期，请重新提交。")]
    [TestCase("en", "The page expired, please send it again.")]
    public async Task An_expired_antiforgery_token_brings_the_form_back_with_what_was_typed_but_the_password(string language, string expired)
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await client.GetStringAsync("/register");
        using var response = await client.PostAsync("/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = "CfDJ8-a-token-of-keys-this-app-no-longer-has",
            ["Username"] = "still_here",
            ["Password"] = "secret-password-1",
            ["Email"] = "still@example.com",
            ["Phone"] = "17723452345",
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(html, Does.Contain(expired).And.Contain("id=\"form-errors\""));
            Assert.That(html, Does.Contain("value=\"still_here\"").And.Contain("value=\"still@example.com\"").And.Contain("value=\"17723452345\""));
            Assert.That(html, Does.Not.Contain("secret-password-1"));
            Assert.That(html, Does.Not.Contain("still_here\" aria-invalid"), "no field is blamed: nothing was checked");
        });
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
    public async Task CORS_lets_the_configured_front_end_call_v1_and_no_one_else()
    {
        using var client = _factory.CreateClient();
        async Task<string?> AllowedOriginAsync(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/users/sms/code");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var response = await client.SendAsync(preflight);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }
        Assert.Multiple(async () =>
        {
            Assert.That(await AllowedOriginAsync("http://localhost:7000"), Is.EqualTo("http://localhost:7000"));
            Assert.That(await AllowedOriginAsync("https://evil.example"), Is.Null);
        });
    }

    [Test]
    public async Task The_dev_inbox_shows_the_SMS_and_the_activation_email_with_its_link()
    {
        using var client = _factory.CreateClient();
        var phone = TestData.Phone();
        var (_, sent) = await client.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200));
        string? code = null;
        await Eventually.That(async () =>
        {
            var inbox = await GetAsync("/dev/inbox", "en");
            var match = System.Text.RegularExpressions.Regex.Match(inbox, $@"(?:\+|&#x2B;)86{phone}</td><td[^>]*>[^<]*?(\d{{6}})");
            code = match.Success ? match.Groups[1].Value : null;
            return code is not null;
        });

        var username = TestData.Username("inbox");
        var (_, registered) = await client.PostJsonAsync("/v1/users", new { uname = username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());
        await Eventually.That(async () => (await GetAsync("/dev/inbox", "en")).Contains($"{username}@example.com", StringComparison.Ordinal));
        var page = await GetAsync("/dev/inbox", "en");
        var link = System.Text.RegularExpressions.Regex.Match(page, @"href=""([^""]+)"" class=""activation-link""").Groups[1].Value;
        Assert.That(link, Does.Contain("/activate?uid="));
        var opened = await GetAsync(new Uri(System.Net.WebUtility.HtmlDecode(link)).PathAndQuery, "en");
        Assert.That(opened, Does.Contain("data-outcome=\"ready\""), "the link opens the page with the button");
        using var confirmed = await Activation.ActivationFlowTests.ConfirmAsync(_factory.CreateClient(), System.Net.WebUtility.HtmlDecode(link));
        Assert.That(await confirmed.Content.ReadAsStringAsync(), Does.Contain("data-outcome=\"confirmed\""));
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

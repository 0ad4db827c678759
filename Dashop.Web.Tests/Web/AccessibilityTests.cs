using System.Net;
using System.Text.RegularExpressions;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.Web;

/// <summary>Issue 16: pages a keyboard and a screen reader can use, and a language switch kept in the culture cookie.</summary>
public sealed partial class AccessibilityTests
{
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _factory = await SharedHosts.DevelopmentAsync();

    private HttpClient Browser(string language = "zh-CN")
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    [TestCase("/")]
    [TestCase("/register")]
    [TestCase("/login")]
    public async Task The_layout_names_only_elements_that_exist_and_offers_a_skip_link(string path)
    {
        using var client = Browser();
        var html = await client.GetStringAsync(path);
        var controls = AriaControls().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(controls, Is.Not.Empty);
            foreach (var id in controls)
                Assert.That(html, Does.Contain($"id=\"{id}\""), $"aria-controls=\"{id}\" names no element");
            Assert.That(html, Does.Match("<a [^>]*href=\"#main-content\"[^>]*>跳到主要内容</a>"));
            Assert.That(html, Does.Contain("<main role=\"main\" class=\"pb-3\" id=\"main-content\""));
        });
    }

    [Test]
    public async Task An_invalid_field_is_marked_and_described_by_its_message()
    {
        using var client = Browser("en");
        using var response = await client.PostFormAsync("/register", "/register", new Dictionary<string, string>
        {
            ["Username"] = "",
            ["Password"] = "x",
            ["Email"] = "not-an-address",
            ["Phone"] = "17723452345",
            ["Code"] = "",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);

        var username = Input().Matches(html).Select(m => m.Value).Single(i => i.Contains("id=\"Username\"", StringComparison.Ordinal));
        var phone = Input().Matches(html).Select(m => m.Value).Single(i => i.Contains("id=\"Phone\"", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(username, Does.Contain("aria-invalid=\"true\"").And.Contain("aria-describedby=\"Username-error\"").And.Match("class=\"[^\"]*is-invalid"));
            Assert.That(html, Does.Match("<span[^>]*id=\"Username-error\"[^>]*>[^<]*Username[^<]+</span>"));
            Assert.That(phone, Does.Not.Contain("aria-invalid").And.Not.Contain("is-invalid"));
        });
    }

    [Test]
    public async Task The_language_switch_keeps_English_in_the_culture_cookie_over_Accept_Language()
    {
        using var client = Browser("zh-CN");
        using var switched = await client.PostFormAsync("/login", "/culture", new Dictionary<string, string>
        {
            ["culture"] = "en",
            ["returnUrl"] = "/login?returnUrl=%2F",
        });
        Assert.That(switched.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(switched.Headers.Location?.OriginalString, Is.EqualTo("/login?returnUrl=%2F"));
        var cookie = switched.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.That(cookie, Does.Contain("c%3Den%7Cuic%3Den").And.Contain("httponly").IgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var english = await client.SendAsync(request);
        var html = await english.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("<html lang=\"en\">").And.Contain("aria-pressed=\"true\">English</button>"));
    }

    [TestCase("fr", "/", HttpStatusCode.BadRequest, null)]
    [TestCase("en", "https://evil.example/", HttpStatusCode.Redirect, "/")]
    [TestCase("zh-CN", "//evil.example/", HttpStatusCode.Redirect, "/")]
    public async Task The_language_switch_refuses_other_cultures_and_stays_on_the_site(string culture, string returnUrl, HttpStatusCode status, string? location)
    {
        using var client = Browser();
        using var response = await client.PostFormAsync("/", "/culture", new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = returnUrl });
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(location));
    }

    [Test]
    public async Task The_language_switch_needs_the_antiforgery_token()
    {
        using var client = Browser();
        using var response = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)), Is.False);
    }

    [GeneratedRegex("aria-controls=\"([^\"]+)\"")]
    private static partial Regex AriaControls();

    [GeneratedRegex("<input [^>]*>")]
    private static partial Regex Input();
}

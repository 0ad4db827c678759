using System.Net;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.SignIn;

/// <summary>Spec §3: the login form, against the real servers: return URLs stay on the site; the lockout holds under load.</summary>
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
public sealed class LoginTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.WithFakesAsync(backend);

    [TestCase("https://evil.example/phish")]
    [TestCase("//evil.example/phish")]
    [TestCase("/\\evil.example")]
    public async Task A_return_url_to_another_host_is_refused(string returnUrl)
    {
        var (phone, code) = await _factory.NewCodeAsync(_ronglian);
        var username = TestData.Username("ret");
        using var api = _factory.CreateClient();
        await api.PostJsonAsync("/v1/users", new { uname = username, password = TestData.Password, phone, email = "r@example.com", verify = code });

        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Login"] = username, ["Password"] = TestData.Password, ["ReturnUrl"] = returnUrl,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task The_login_lockout_holds_under_parallel_attempts()
    {
        var (phone, code) = await _factory.NewCodeAsync(_ronglian);
        var username = TestData.Username("lock");
        using var api = _factory.CreateClient();
        await api.PostJsonAsync("/v1/users", new { uname = username, password = TestData.Password, phone, email = "l@example.com", verify = code });

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            using var response = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string>
            {
                ["Login"] = i % 2 == 0 ? username : phone, ["Password"] = $"wrong password {i}",
            });
            return response.StatusCode;
        }));
        Assert.That(attempts, Is.All.EqualTo(HttpStatusCode.OK), "every wrong attempt re-renders the form\n"
            + string.Join('\n', _factory.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Select(l => l.Length > 800 ? l[..800] : l).Take(3)));

        using var right = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var locked = await right.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = username, ["Password"] = TestData.Password });
        Assert.Multiple(async () =>
        {
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the right password is refused while locked");
            Assert.That(await locked.Content.ReadAsStringAsync(), Does.Contain("15"));
        });
    }
}

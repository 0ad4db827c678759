using Dashop.Web.Infrastructure;
using System.Net;
using System.Text.Json;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Admin;

/// <summary>Spec §3 /admin/health and the probes, on the embedded defaults and on real Redis + RabbitMQ.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
public sealed class AdminHealthPageTests(Backend backend)
{
    private static readonly string[] CheckProperties = ["name", "status", "durationMs"];

    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;
    private HttpClient _admin = null!;
    private string _adminName = null!;

    private string[] ExpectedChecks => backend == Backend.Servers
        ? ["database", "cache", "masstransit-bus", "rabbitmq", "sms-quota", "sms", "smtp", "weibo", "qq", "alipay"]
        : ["database", "cache", "masstransit-bus", "bus-backlog", "sms-quota", "sms", "smtp", "weibo", "qq", "alipay"];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _factory = new DashopFactory(backend, _ronglian);
        _adminName = await AdminSession.NewAdminAsync(_factory);
        _admin = await AdminSession.SignInAsync(_factory, _adminName);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    [TestCase("/admin/health")]
    [TestCase("/admin/health/content")]
    public async Task Anonymous_visitors_are_sent_to_the_login_page(string url)
    {
        using var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await anonymous.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var location = new Uri(new Uri("http://localhost"), response.Headers.Location!);
        Assert.That(location.AbsolutePath + location.Query, Is.EqualTo("/login?ReturnUrl=" + Uri.EscapeDataString(url)));
    }

    [TestCase("/admin/health")]
    [TestCase("/admin/health/content")]
    public async Task Signed_in_users_without_the_Admin_role_get_403(string url)
    {
        using var user = await AdminSession.SignInAsync(_factory, await AdminSession.NewUserAsync(_factory));
        using var response = await user.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.RequestMessage!.RequestUri!.AbsolutePath, Is.EqualTo("/access-denied"));
    }

    [Test]
    public async Task Admins_see_every_dependency_with_its_status()
    {
        using var response = await _admin.GetAsync("/admin/health");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var checks = HealthPage.Checks(HealthPage.Section(html, "health-checks"));
        Assert.That(checks.Keys, Is.EquivalentTo(ExpectedChecks));
        // Everything here is up: the fake Ronglian answers, SMTP and Weibo are Development's dev inbox and simulator.
        Assert.That(checks.Values, Is.All.EqualTo("Healthy"), string.Join(", ", checks));
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("id=\"delivery-counts\""));
            Assert.That(html, Does.Contain("id=\"process-info\"").And.Contain("data-field=\"environment\">Development<"));
            Assert.That(html, Does.Contain("data-concern=\"cache\"").And.Contain("data-concern=\"bus\""));
            Assert.That(html, Does.Contain(backend == Backend.Servers ? "MassTransit over RabbitMQ" : "MassTransit in-memory"));
        });
    }

    [Test]
    public async Task The_page_refreshes_from_a_script_file_that_fetches_its_content()
    {
        var page = await _admin.GetStringAsync("/admin/health");
        using var response = await _admin.GetAsync("/admin/health/content");
        var content = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("id=\"health-content\" data-refresh-url=\"/admin/health/content\""));
            Assert.That(page, Does.Match("<script src=\"/js/admin-health.js"));
            Assert.That(page, Does.Not.Match("<script>"), "the CSP allows no inline script");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(content, Does.Contain("id=\"health-checks\"").And.Not.Contain("<html"));
            Assert.That(HealthPage.Checks(content).Keys, Is.EquivalentTo(ExpectedChecks));
        });
        Assert.That(File.Exists(Path.Combine(_factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>().WebRootPath, "js", "admin-health.js")), Is.True);
    }

    private async Task<string> RequestCodeAsync()
    {
        var phone = TestData.Phone();
        var (_, body) = await _factory.CreateClient().PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(body.Code(), Is.EqualTo(200), body.ToString());
        return phone;
    }

    private async Task<List<Delivery>> WaitUntilDoneAsync(IEnumerable<string> phones)
    {
        var masked = phones.Select(p => Masking.Phone("+86" + p)).ToList();
        List<Delivery> done = [];
        await Eventually.That(async () =>
        {
            await using var scope = _factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
            done = await db.Deliveries.AsNoTracking().Where(d => masked.Contains(d.MaskedRecipient) && d.Status != DeliveryStatus.Pending).ToListAsync();
            return done.Count == masked.Count;
        });
        return done;
    }

    private async Task<Dictionary<DeliveryStatus, int>> RecordedSmsAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var since = DateTime.UtcNow.AddHours(-24);
        return await db.Deliveries.Where(d => d.Channel == DeliveryChannel.Sms && d.CreatedAtUtc >= since)
            .GroupBy(d => d.Status).ToDictionaryAsync(g => g.Key, g => g.Count());
    }

    [Test]
    public async Task Delivery_counts_match_the_delivery_records()
    {
        var before = await _admin.GetStringAsync("/admin/health");
        var (sentBefore, failedBefore) = (HealthPage.Count(before, "Sms", "sent"), HealthPage.Count(before, "Sms", "failed"));

        var phones = new List<string> { await RequestCodeAsync(), await RequestCodeAsync(), await RequestCodeAsync() };
        await WaitUntilDoneAsync(phones); // before scripting, so that the failure is the fourth SMS's answer
        _ronglian.Script(FakeAnswer.Status("160042"));
        phones.Add(await RequestCodeAsync());
        var done = await WaitUntilDoneAsync(phones);
        Assert.That(done.Select(d => d.Status), Is.EquivalentTo(new[] { DeliveryStatus.Sent, DeliveryStatus.Sent, DeliveryStatus.Sent, DeliveryStatus.Failed }));

        var html = await _admin.GetStringAsync("/admin/health");
        var recorded = await RecordedSmsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(HealthPage.Count(html, "Sms", "sent"), Is.EqualTo(sentBefore + 3));
            Assert.That(HealthPage.Count(html, "Sms", "failed"), Is.EqualTo(failedBefore + 1));
            Assert.That(HealthPage.Count(html, "Sms", "sent"), Is.EqualTo(recorded.GetValueOrDefault(DeliveryStatus.Sent)));
            Assert.That(HealthPage.Count(html, "Sms", "failed"), Is.EqualTo(recorded.GetValueOrDefault(DeliveryStatus.Failed)));
            Assert.That(HealthPage.Count(html, "Sms", "pending"), Is.EqualTo(recorded.GetValueOrDefault(DeliveryStatus.Pending)));
            Assert.That(HealthPage.Section(html, "delivery-errors"), Does.Match("data-channel=\"Sms\" data-code=\"160042\" data-failure=\"Recipient\" data-count=\"[1-9]"));

            // The latest deliveries show masked recipients only.
            var latest = HealthPage.Section(html, "latest-deliveries");
            foreach (var phone in phones)
            {
                Assert.That(latest, Does.Contain(Masking.Phone("+86" + phone)));
                Assert.That(html, Does.Not.Contain(phone));
            }
        });
    }

    [Test]
    public async Task Configuration_errors_are_flagged()
    {
        _ronglian.Script(FakeAnswer.Status("160032")); // template or account refused: ours to fix
        var phone = await RequestCodeAsync();
        var done = await WaitUntilDoneAsync([phone]);
        Assert.That(done.Single().Failure, Is.EqualTo(DeliveryFailure.Configuration));

        var html = await _admin.GetStringAsync("/admin/health");
        Assert.That(html, Does.Match("id=\"configuration-errors\" data-count=\"[1-9]"));
        Assert.That(HealthPage.Section(html, "latest-deliveries"), Does.Match("data-failure=\"Configuration\" class=\"table-danger\""));
    }

    [Test]
    public async Task The_page_shows_no_secret()
    {
        var html = await _admin.GetStringAsync("/admin/health");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain(FakeRonglianServer.AuthToken));
            Assert.That(html, Does.Not.Contain(FakeRonglianServer.AccountSid));
            Assert.That(html, Does.Not.Contain("test-signing-key"));
            Assert.That(html, Does.Not.Contain("guest:guest"));
        });
    }

    [Test]
    public async Task Liveness_answers_without_checking_dependencies()
    {
        using var anonymous = _factory.CreateClient();
        using var response = await anonymous.GetAsync("/healthz/live");
        var body = await HttpExtensions.ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(body.GetProperty("checks").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Readiness_checks_database_cache_and_bus_in_plain_JSON()
    {
        using var anonymous = _factory.CreateClient();
        using var response = await anonymous.GetAsync("/healthz/ready");
        var body = await HttpExtensions.ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));

        var checks = body.GetProperty("checks").EnumerateArray().ToList();
        Assert.That(checks.Select(c => c.GetProperty("name").GetString()),
            Is.EquivalentTo(ExpectedChecks.Where(c => c is "database" or "cache" or "masstransit-bus" or "rabbitmq")));
        foreach (var check in checks)
        {
            Assert.That(check.EnumerateObject().Select(p => p.Name), Is.EqualTo(CheckProperties));
            Assert.That(check.GetProperty("durationMs").ValueKind, Is.EqualTo(JsonValueKind.Number));
        }
    }
}

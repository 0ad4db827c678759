using System.Net;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Admin;

/// <summary>
/// Readiness follows Redis down and back up. Stopping the shared test Redis would break fixtures running beside this one,
/// so it runs alone, and Redis is started again whatever happens.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Servers)]
public sealed class ReadinessTests
{
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new DashopFactory(Backend.Servers, ronglian: null, new Dictionary<string, string?> { ["Sms:Provider"] = "DevInbox" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    private async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body, string? ContentType)> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz/ready");
        return (response.StatusCode, await HttpExtensions.ReadJsonAsync(response), response.Content.Headers.ContentType?.MediaType);
    }

    private static string StatusOf(System.Text.Json.JsonElement body, string check) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == check).GetProperty("status").GetString()!;

    [Test]
    public async Task Readiness_is_503_while_Redis_is_down_and_200_when_it_is_back()
    {
        using var probe = _factory.CreateClient();
        using var admin = await AdminSession.SignInAsync(_factory, await AdminSession.NewAdminAsync(_factory));
        Assert.That((await ReadyAsync(probe)).Status, Is.EqualTo(HttpStatusCode.OK));

        try
        {
            await TestServers.RunAsync("DASHOP_TEST_REDIS_STOP");

            var down = await ReadyAsync(probe);
            var raw = down.Body.ToString();
            Assert.Multiple(() =>
            {
                Assert.That(down.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(down.ContentType, Is.EqualTo("application/json"), "a 503 must stay JSON, not the HTML error page");
                Assert.That(down.Body.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
                Assert.That(StatusOf(down.Body, "cache"), Is.EqualTo("Unhealthy"));
                Assert.That(StatusOf(down.Body, "database"), Is.EqualTo("Healthy"));
                Assert.That(raw, Does.Not.Contain("Exception").And.Not.Contain("Redis").And.Not.Contain(TestServers.Redis));
            });

            using var live = await probe.GetAsync("/healthz/live");
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness checks no dependency");

            // The admin page still renders, and says which dependency is down.
            var html = await admin.GetStringAsync("/admin/health");
            Assert.That(HealthPage.Checks(html)["cache"], Is.EqualTo("Unhealthy"));
            Assert.That(html, Does.Contain("id=\"health-status\" data-status=\"Unhealthy\""));
        }
        finally
        {
            await TestServers.RunAsync("DASHOP_TEST_REDIS_START");
        }

        // The shared multiplexer reconnects by itself.
        await Eventually.That(async () => (await ReadyAsync(probe)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.That(StatusOf((await ReadyAsync(probe)).Body, "cache"), Is.EqualTo("Healthy"));
    }
}

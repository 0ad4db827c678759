using System.Text.Json;
using Dashop.Contracts;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Operations;

/// <summary>
/// What an operator plugs into Prometheus and Grafana: the failure series exist on a fresh app before any failure, and
/// the Grafana dashboard (deploy/grafana/dashop-dashboard.json) is an importable model whose every query reads metrics
/// that /metrics serves.
/// </summary>
public sealed class MonitoringFilesTests
{
    public const string DashboardFile = "deploy/grafana/dashop-dashboard.json";

    [Test]
    public async Task A_fresh_app_serves_the_failure_and_refusal_series_that_alerts_use_before_anything_failed()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null, kestrel: true);
        var samples = await MetricsText.ScrapeAsync(factory.ServerAddress);

        bool Has(string name, string? label = null, string? value = null) =>
            samples.Any(s => s.Name == name && (label is null || s.Labels.GetValueOrDefault(label) == value));
        Assert.Multiple(() =>
        {
            foreach (var reason in new[] { "invalid_phone", "cooldown", "rate_limited", "unavailable" })
                Assert.That(Has("dashop_sms_codes_refused_total", "reason", reason), Is.True, $"codes refused as {reason}");
            Assert.That(Has("dashop_sms_codes_issued_total"), Is.True, "codes issued");
            Assert.That(Has("dashop_sms_sent_total"), Is.True, "SMS sent");
            Assert.That(Has("dashop_sms_failed_total", "code", "none"), Is.True, "SMS failed");
            Assert.That(Has("dashop_email_sent_total"), Is.True, "e-mails sent");
            Assert.That(Has("dashop_email_failed_total", "code", "none"), Is.True, "e-mails failed");
            Assert.That(Has("dashop_password_hash_refused_total"), Is.True, "hashes refused by the bulkhead");
            Assert.That(Has("dashop_limit", "limit", "sms_per_hour"), Is.True, "the site-wide SMS cap");
            Assert.That(Has("dashop_limit", "limit", "bus_backlog"), Is.True, "the in-memory backlog's limit");
            Assert.That(Has("dashop_bus_backlog"), Is.True, "the in-memory backlog");
        });
        // The meters are the process's: hosts of other fixtures running at the same moment add their own series.
        Assert.That(samples.Where(s => s.Name == "dashop_limit" && s.Labels["limit"] == "sms_per_hour").Select(s => s.Value), Contains.Item("1000000"),
            "Sms:MaxPerHour of the test host");
    }

    private static JsonElement Dashboard() => JsonDocument.Parse(RepositoryFiles.Read(DashboardFile)).RootElement;

    private static IEnumerable<JsonElement> Panels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row");

    [Test]
    public void The_dashboard_is_a_Grafana_model_whose_panels_use_a_Prometheus_datasource_variable()
    {
        var dashboard = Dashboard();
        var variable = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("type").GetString() == "datasource");
        Assert.Multiple(() =>
        {
            Assert.That(dashboard.GetProperty("title").GetString(), Is.Not.Empty);
            Assert.That(dashboard.GetProperty("uid").GetString(), Does.Match("^[a-zA-Z0-9_-]{1,40}$"));
            Assert.That(dashboard.GetProperty("schemaVersion").GetInt32(), Is.GreaterThanOrEqualTo(36));
            Assert.That(variable.GetProperty("query").GetString(), Is.EqualTo("prometheus"));
            var ids = dashboard.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();
            Assert.That(ids, Is.Unique, "panel ids");
            foreach (var panel in Panels(dashboard))
            {
                var title = panel.GetProperty("title").GetString();
                Assert.That(panel.GetProperty("datasource").GetProperty("uid").GetString(), Is.EqualTo("${" + variable.GetProperty("name").GetString() + "}"), title);
                Assert.That(panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()), Is.Not.Empty.And.All.Not.Empty, title);
                Assert.That(panel.TryGetProperty("gridPos", out _), Is.True, title);
            }
        });
    }

    [Test]
    public async Task Every_metric_the_dashboard_queries_is_served_at_metrics()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null, kestrel: true);
        using (var api = new HttpClient { BaseAddress = new Uri(factory.ServerAddress) })
        {
            // What makes the event-driven series appear: a delivery (its latency), a sign-in, requests.
            var phone = TestData.Phone();
            var (_, body) = await api.PostJsonAsync("/v1/users/sms/code", new { phone });
            Assert.That(body.Code(), Is.EqualTo(200));
            await factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone.EndsWith(phone, StringComparison.Ordinal));
            await api.PostJsonAsync("/v1/tokens", new { username = await AdminSession.NewUserAsync(factory), password = TestData.Password + "-wrong" });
        }
        var queried = Panels(Dashboard())
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => PromQl.MetricNames(t.GetProperty("expr").GetString()!))
            .Distinct().ToList();
        Assert.That(queried, Does.Contain("dashop_sms_failed_total").And.Contain("dashop_health"), "the names are read from the queries");

        IReadOnlyList<MetricsText.Sample> samples = [];
        // The health checks first run 5 s after start (Metrics:HealthPeriodSeconds after that).
        await Eventually.That(async () =>
        {
            samples = await MetricsText.ScrapeAsync(factory.ServerAddress);
            return samples.Any(s => s.Name == "dashop_health");
        }, TimeSpan.FromSeconds(30));
        var served = samples.Select(s => s.Name).ToHashSet();
        Assert.That(queried.Where(name => !served.Contains(name)), Is.Empty, "queried but not served");
    }
}

using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Operations;

/// <summary>
/// A real Prometheus scrapes the app's /metrics on its Kestrel port, and its query API gives back what the app did.
/// (Who may scrape is <see cref="MetricsEndpointTests"/>.)
/// </summary>
[Category(TestCategories.Servers)]
// Meters are process-wide: the Dashop counters of another fixture's host, running at the same time, would be exported by
// this host's MeterProvider too and add to the exact counts asserted here.
[NonParallelizable]
public sealed class PrometheusScrapeTests
{
    [Test]
    public async Task Prometheus_sees_the_codes_issued_and_sent_and_the_sign_ins_by_method_and_result()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, kestrel: true);
        var app = new Uri(factory.ServerAddress);
        await using var prometheus = await PrometheusServer.StartAsync(app.Authority);
        using var api = new HttpClient { BaseAddress = app };

        string[] phones = [TestData.Phone(), TestData.Phone(), TestData.Phone()];
        foreach (var phone in phones)
        {
            var (_, code) = await api.PostJsonAsync("/v1/users/sms/code", new { phone });
            Assert.That(code.Code(), Is.EqualTo(200));
        }
        var username = await AdminSession.NewUserAsync(factory);
        var (_, failed) = await api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password + "-wrong" });
        var (_, good) = await api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password });
        Assert.That(failed.Code(), Is.Not.EqualTo(200), "a wrong password");
        Assert.That(good.Code(), Is.EqualTo(200), "the right one");
        var done = DateTimeOffset.UtcNow;

        // A scrape that began after the requests holds everything they counted, once the exporter's cached answer
        // (ScrapeResponseCacheDurationMilliseconds, 300 ms by default) is older than they are.
        await prometheus.WaitForScrapeAfterAsync(done + TimeSpan.FromSeconds(1));
        var signIns = (await prometheus.QueryAsync("sum by (method, result) (dashop_signins_total{job=\"dashop\"})"))
            .Select(s => (s.Labels["method"], s.Labels["result"], s.Value)).ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That(await prometheus.ScalarAsync("sum(dashop_sms_codes_issued_total{job=\"dashop\"})"), Is.EqualTo(3), "codes issued");
            Assert.That(signIns, Is.EquivalentTo(new[] { ("password", "wrong_password", 1.0), ("password", "succeeded", 1.0) }), "sign-ins by method and result");
            Assert.That(await prometheus.ScalarAsync("sum(dashop_signins_total{job=\"dashop\",result!=\"succeeded\"})"), Is.EqualTo(1), "failed sign-ins");
            Assert.That(await prometheus.ScalarAsync("sum(dashop_sms_codes_refused_total{job=\"dashop\"})"), Is.EqualTo(0), "nothing refused (the series exist from start)");
        });

        // The consumer counts a sent SMS after Ronglian answered: it reaches Prometheus a scrape or two later.
        foreach (var phone in phones)
            await ronglian.WaitForCodeAsync(phone);
        double? sent = null;
        await Eventually.That(async () => (sent = await prometheus.ScalarAsync("sum(dashop_sms_sent_total{job=\"dashop\"})")) >= 3, TimeSpan.FromSeconds(30));
        Assert.That(sent, Is.EqualTo(3), "SMS sent");
    }
}

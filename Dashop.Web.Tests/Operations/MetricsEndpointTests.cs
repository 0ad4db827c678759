using System.Net;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Operations;

/// <summary>/metrics answers the allowed networks (loopback by default) and is a 404 for everyone else.</summary>
public sealed class MetricsEndpointTests
{
    private static async Task<HttpStatusCode> ScrapeAsync(DashopFactory factory, string? forwardedFor)
    {
        using var client = new HttpClient { BaseAddress = new Uri(factory.ServerAddress) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Test]
    public async Task Metrics_are_served_to_loopback_and_hidden_from_a_client_outside_the_allowed_networks()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian,
            new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" }, kestrel: true);
        using (var api = new HttpClient { BaseAddress = new Uri(factory.ServerAddress) })
        {
            var phone = TestData.Phone();
            await api.PostJsonAsync("/v1/users/sms/code", new { phone });
            await ronglian.WaitForCodeAsync(phone);
            var text = "";
            await Eventually.That(async () =>
            {
                text = await api.GetStringAsync("/metrics");
                return text.Contains("dashop_sms_sent_total", StringComparison.Ordinal);
            });
            Assert.Multiple(() =>
            {
                Assert.That(text, Does.Contain("dashop_sms_codes_issued_total"));
                // What an operator graphs stays; the per-request instruments of TelemetryExtensions.DroppedInstruments do not.
                Assert.That(text, Does.Contain("http_server_request_duration_seconds").And.Contain("http_client_request_duration_seconds"));
                Assert.That(text, Does.Not.Contain("aspnetcore_memory_pool").And.Not.Contain("aspnetcore_routing_match_attempts")
                    .And.Not.Contain("http_client_open_connections").And.Not.Contain("messaging_masstransit_consume_active"));
            });
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await ScrapeAsync(factory, forwardedFor: null), Is.EqualTo(HttpStatusCode.OK), "loopback");
            Assert.That(await ScrapeAsync(factory, "203.0.113.7"), Is.EqualTo(HttpStatusCode.NotFound), "a client through the proxy");
        });
    }

    [Test]
    public async Task An_allowed_network_other_than_loopback_may_scrape()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            ["Metrics:AllowedNetworks"] = "10.1.0.0/16",
        }, kestrel: true);

        Assert.Multiple(async () =>
        {
            Assert.That(await ScrapeAsync(factory, "10.1.2.3"), Is.EqualTo(HttpStatusCode.OK), "inside 10.1.0.0/16");
            Assert.That(await ScrapeAsync(factory, "10.2.0.1"), Is.EqualTo(HttpStatusCode.NotFound), "outside");
            Assert.That(await ScrapeAsync(factory, forwardedFor: null), Is.EqualTo(HttpStatusCode.NotFound), "loopback is no longer listed");
        });
    }
}

using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Security;

/// <summary>Behind a proxy the per-IP caps count the client's address, but only when the proxy is named.</summary>
public sealed class ForwardedHeadersTests
{
    private static async Task<List<int>> CodesAsync(string? knownProxies, string? knownNetworks = null)
    {
        var ronglian = await SharedHosts.RonglianAsync();
        var settings = new Dictionary<string, string?> { ["Sms:MaxPerIpPerHour"] = "2" };
        if (knownProxies is not null)
            settings["ForwardedHeaders:KnownProxies"] = knownProxies;
        if (knownNetworks is not null)
            settings["ForwardedHeaders:KnownNetworks"] = knownNetworks;
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, settings,
            services: s => s.AddTransient<IStartupFilter, ArriveFromLoopback>());
        using var client = factory.CreateClient();

        var codes = new List<int>();
        foreach (var clientIp in new[] { "203.0.113.7", "203.0.113.7", "203.0.113.7", "198.51.100.9" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users/sms/code")
            {
                Content = JsonContent(new { phone = TestData.Phone() }),
            };
            request.Headers.Add("X-Forwarded-For", clientIp);
            using var response = await client.SendAsync(request);
            codes.Add((await HttpExtensions.ReadJsonAsync(response)).Code());
        }
        return codes;
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    [Test]
    public async Task A_named_proxy_makes_each_client_count_on_its_own()
    {
        Assert.That(await CodesAsync("127.0.0.1"), Is.EqualTo(new[] { 200, 200, 10116, 200 }));
    }

    [Test]
    public async Task A_proxy_network_in_CIDR_makes_each_client_count_on_its_own()
    {
        Assert.That(await CodesAsync(knownProxies: null, knownNetworks: "127.0.0.0/8"), Is.EqualTo(new[] { 200, 200, 10116, 200 }));
    }

    [Test]
    public async Task A_proxy_network_that_is_not_CIDR_stops_the_start_naming_the_key()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks"] = "10.0.0.0/99" });
        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => factory.CreateClient());
        Assert.That(failure!.Message, Does.Contain("ForwardedHeaders:KnownNetworks"));
    }

    [Test]
    public async Task Without_a_named_proxy_the_header_is_not_believed()
    {
        Assert.That(await CodesAsync(null), Is.EqualTo(new[] { 200, 200, 10116, 10116 }));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dashop.Web.Infrastructure;
using Dashop.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Dashop.Web.Tests.Reliability;

/// <summary>
/// Issue 17 §1 and §3: a master of the Redis Cluster goes away under load and comes back. It stops a server other
/// cluster fixtures use, so it runs alone.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Servers)]
public sealed class RedisClusterFaultTests
{
    private sealed record Answer(TimeSpan StartedAt, TimeSpan Took, int Status, int? Code);

    [Test]
    public async Task A_master_stopped_under_load_gives_clear_refusals_and_the_site_serves_again_without_restart()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(Backend.Cluster, ronglian);
        using var api = factory.CreateClient();
        var (_, before) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = TestData.Phone() });
        Assert.That(before.Code(), Is.EqualTo(200));

        // The master of the site-wide hourly quota: every code request takes a step there.
        var redis = factory.Services.GetRequiredService<IConnectionMultiplexer>();
        var siteKey = $"t{factory.InstanceId}:sms:site:{DateTimeOffset.UtcNow.ToChinaTime().ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}";
        var master = redis.GetServers().First().ClusterConfiguration!.GetBySlot(siteKey)!.EndPoint!;
        var port = Port(master);
        var others = redis.GetServers().Where(s => Port(s.EndPoint) != port).ToList();

        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentBag<Answer>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                var startedAt = clock.Elapsed;
                using var response = await api.PostAsJsonAsync("/v1/users/sms/code", new { phone = TestData.Phone() });
                int? code = response.IsSuccessStatusCode ? (await HttpExtensions.ReadJsonAsync(response)).Code() : null;
                answers.Add(new Answer(startedAt, clock.Elapsed - startedAt, (int)response.StatusCode, code));
            }
        })).ToList();

        var stoppedAt = TimeSpan.MaxValue;
        try
        {
            await Eventually.That(() => Task.FromResult(answers.Count >= 8));
            await TestServers.RunAsync("DASHOP_TEST_REDIS_CLUSTER_STOP", port.ToString(CultureInfo.InvariantCulture));
            stoppedAt = clock.Elapsed;
            // Load goes on until the other masters have declared it failed: both kinds of refusal are seen (the
            // client's "no connection" to that master, then every node's CLUSTERDOWN).
            await Eventually.That(() => AllReportAsync(others, "cluster_state:fail"), TimeSpan.FromSeconds(30));
            await Eventually.That(() => Task.FromResult(answers.Count(a => a.StartedAt > stoppedAt) >= 8));
            var (regStatus, registration) = await api.PostJsonAsync("/v1/users",
                new { uname = TestData.Username(), password = TestData.Password, phone = TestData.Phone(), email = "r@example.com", verify = "123456" });
            Assert.That((regStatus, registration.Code()), Is.EqualTo((200, 10110)), "registration while the cluster is down");
        }
        finally
        {
            await stopLoad.CancelAsync();
            await Task.WhenAll(load);
            await TestServers.RunAsync("DASHOP_TEST_REDIS_CLUSTER_START", port.ToString(CultureInfo.InvariantCulture));
        }

        var whileDown = answers.Where(a => a.StartedAt > stoppedAt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(200), "never a 500");
            Assert.That(answers.Select(a => a.Code), Is.All.AnyOf(200, 10110));
            Assert.That(whileDown, Is.Not.Empty);
            Assert.That(whileDown.Select(a => a.Code), Is.All.EqualTo(10110), "the quota's master is down: every request is refused");
            Assert.That(whileDown.Max(a => a.Took), Is.LessThan(TimeSpan.FromSeconds(5)), "refused without waiting for the master");
        });

        // Back without restarting the app: the multiplexer reconnects and the cluster marks the master as up again.
        var phone = TestData.Phone();
        await Eventually.That(async () => (await api.PostJsonAsync("/v1/users/sms/code", new { phone })).Body.Code() == 200, TimeSpan.FromSeconds(40));
        await ronglian.WaitForCodeAsync(phone);
        await Eventually.That(() => AllReportAsync(redis.GetServers(), "cluster_state:ok"), TimeSpan.FromSeconds(40));
    }

    private static async Task<bool> AllReportAsync(IEnumerable<IServer> servers, string state)
    {
        foreach (var server in servers)
        {
            if (!((string?)await server.ExecuteAsync("CLUSTER", "INFO"))!.Contains(state, StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    private static int Port(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        _ => throw new InvalidOperationException($"unexpected endpoint {endPoint}"),
    };
}

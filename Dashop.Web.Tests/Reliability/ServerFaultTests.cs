using System.Diagnostics;
using Dashop.Web.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Reliability;

/// <summary>
/// Issue 7 §1: the shared Redis and RabbitMQ go away and come back. These stop servers other fixtures use,
/// so they run alone.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Servers)]
public sealed class ServerFaultTests
{
    [Test]
    public async Task Redis_down_gives_a_clear_error_within_a_second_and_recovers_without_restart()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(Backend.Servers, ronglian);
        using var api = factory.CreateClient();
        var (_, before) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = TestData.Phone() });
        Assert.That(before.Code(), Is.EqualTo(200));
        var pageToken = await api.AntiforgeryTokenAsync("/register");

        await TestServers.RunAsync("DASHOP_TEST_REDIS_STOP");
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                var (status, body) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = TestData.Phone() });
                clock.Stop();
                Assert.Multiple(() =>
                {
                    Assert.That(status, Is.EqualTo(200));
                    Assert.That(body.Code(), Is.EqualTo(10110), body.ToString());
                    Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
                });
            }

            using var form = new HttpRequestMessage(HttpMethod.Post, "/sms/code")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = TestData.Phone() }),
            };
            form.Headers.Add("RequestVerificationToken", pageToken);
            using var page = await api.SendAsync(form);
            var pageBody = await HttpExtensions.ReadJsonAsync(page);
            Assert.Multiple(() =>
            {
                Assert.That((int)page.StatusCode, Is.EqualTo(200));
                Assert.That(pageBody.GetProperty("ok").GetBoolean(), Is.False);
                Assert.That(pageBody.GetProperty("message").GetString(), Is.Not.Empty);
            });

            var (regStatus, registration) = await api.PostJsonAsync("/v1/users",
                new { uname = TestData.Username(), password = TestData.Password, phone = TestData.Phone(), email = "r@example.com", verify = "123456" });
            Assert.That((regStatus, registration.Code()), Is.EqualTo((200, 10110)));
        }
        finally
        {
            await TestServers.RunAsync("DASHOP_TEST_REDIS_START");
        }

        // Back without restarting the app: the multiplexer reconnects by itself.
        var phone = TestData.Phone();
        await Eventually.That(async () => (await api.PostJsonAsync("/v1/users/sms/code", new { phone })).Body.Code() == 200, TimeSpan.FromSeconds(20));
        await ronglian.WaitForCodeAsync(phone);
    }

    [Test]
    public async Task RabbitMQ_restart_with_500_messages_in_flight_delivers_each_once()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        ronglian.DefaultDelay = TimeSpan.FromMilliseconds(300);
        await using var factory = new DashopFactory(Backend.Servers, ronglian, new Dictionary<string, string?> { ["Sms:CodeTtlSeconds"] = "600" });
        using var api = factory.CreateClient();

        var phones = Enumerable.Range(0, 500).Select(_ => TestData.Phone()).ToList();
        foreach (var chunk in phones.Chunk(100))
        {
            var answers = await Task.WhenAll(chunk.Select(p => api.PostJsonAsync("/v1/users/sms/code", new { phone = p })));
            Assert.That(answers.Select(a => a.Body.Code()), Is.All.EqualTo(200),
                string.Join('\n', factory.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
        }

        var bus = factory.Services.GetRequiredService<IBusControl>();
        await TestServers.RunAsync("DASHOP_TEST_RABBITMQCTL", "stop_app");
        // The app has seen the broker go: its connection is down, with messages still in flight.
        await Eventually.That(() => Task.FromResult(bus.CheckHealth().Status != BusHealthStatus.Healthy), TimeSpan.FromSeconds(30));
        await TestServers.RunAsync("DASHOP_TEST_RABBITMQCTL", "start_app");

        await Eventually.That(() => Task.FromResult(phones.All(p => ronglian.To(p).Count > 0)), TimeSpan.FromSeconds(90));
        // Every message acknowledged: no redelivery is left that could send a second SMS.
        await TestServers.WaitUntilRabbitQueuesAreEmptyAsync($"t{factory.InstanceId}", TimeSpan.FromSeconds(60));
        Assert.Multiple(() =>
        {
            Assert.That(phones.Select(p => ronglian.To(p).Count), Is.All.EqualTo(1), "none twice");
            Assert.That(ronglian.Received.Select(r => r.ReqId).Distinct().Count(), Is.EqualTo(ronglian.Received.Count));
        });
    }
}

using System.Diagnostics;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Tests.Reliability;

/// <summary>
/// Issue 7 §5: the in-memory bus has no back-pressure of its own, so codes accepted faster than the provider takes
/// them would pile up in memory without bound. <c>Messaging:InMemoryBacklog</c> bounds them.
/// </summary>
public sealed class InMemoryBacklogTests
{
    private const int Backlog = 4;

    [Test]
    public async Task A_full_backlog_holds_the_next_code_back_then_refuses_it_and_lets_it_through_once_there_is_room()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        ronglian.Hold();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, new Dictionary<string, string?>
        {
            ["Messaging:InMemoryBacklog"] = Backlog.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sms:MaxPerIpPerHour"] = "100000",
            ["Sms:Ronglian:TimeoutSeconds"] = "60",
        });
        using var api = factory.CreateClient();

        // Every consumer waits on the provider, and the backlog is full.
        var accepted = SendSmsCodeConsumerDefinition.ConcurrentSends + Backlog;
        var phones = Enumerable.Range(0, accepted).Select(_ => TestData.Phone()).ToList();
        var answers = await Task.WhenAll(phones.Select(p => api.PostJsonAsync("/v1/users/sms/code", new { phone = p })));
        Assert.That(answers.Select(a => a.Body.Code()), Is.All.EqualTo(200));
        await Eventually.That(() => Task.FromResult(ronglian.Requests == SendSmsCodeConsumerDefinition.ConcurrentSends));

        // The admin page shows it; readiness does not depend on it.
        var health = await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "bus-backlog");
        Assert.That(health.Entries["bus-backlog"].Status, Is.EqualTo(HealthStatus.Degraded));
        using (var ready = await api.GetAsync("/healthz/ready"))
            Assert.That(ready.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));

        // One more waits for room, and is refused ("cannot send now") when none comes.
        var late = TestData.Phone();
        var clock = Stopwatch.StartNew();
        var (status, refused) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = late });
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(200));
            Assert.That(refused.Code(), Is.EqualTo(10110));
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(InMemoryBacklog.MaxWait - TimeSpan.FromMilliseconds(100)));
        });

        // Refused, the phone is not in its cooldown: asked again, it waits until the provider moves, then goes through.
        var again = api.PostJsonAsync("/v1/users/sms/code", new { phone = late });
        var backlog = factory.Services.GetRequiredService<InMemoryBacklog>();
        await Eventually.That(() => Task.FromResult(backlog.PublishersWaiting == 1));
        Assert.That(again.IsCompleted, Is.False, "it waits for room");
        ronglian.ReleaseHeld();
        Assert.That((await again).Body.Code(), Is.EqualTo(200));

        await Eventually.That(() => Task.FromResult(ronglian.Received.Count == accepted + 1), TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(ronglian.To(late), Has.Count.EqualTo(1));
            Assert.That(ronglian.Received.Select(r => r.To).Distinct().Count(), Is.EqualTo(accepted + 1), "each SMS once");
        });
    }
}

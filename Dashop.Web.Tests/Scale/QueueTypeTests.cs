using Dashop.Contracts;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Scale;

/// <summary>Issue 17 §2: <c>Messaging:QueueType</c> decides what the broker declares for the consumers' queues.</summary>
public sealed class QueueTypeTests
{
    /// <summary>The broker's own answer: the type of every queue whose name starts with <paramref name="prefix"/>.</summary>
    internal static async Task<Dictionary<string, string>> QueueTypesAsync(string prefix)
    {
        var listing = await TestServers.RunAsync("DASHOP_TEST_RABBITMQCTL", "-q list_queues --no-table-headers name type");
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && fields[0].StartsWith(prefix + "-", StringComparison.Ordinal))
            .ToDictionary(fields => fields[0], fields => fields[1]);
    }

    /// <summary>Quorum queues keep a Raft log on the shared broker: a test deletes the ones it made.</summary>
    internal static async Task DeleteQueuesAsync(string prefix)
    {
        foreach (var name in (await QueueTypesAsync(prefix)).Keys)
            await TestServers.RunAsync("DASHOP_TEST_RABBITMQCTL", $"-q delete_queue {name}");
    }

    [Test]
    [Category(TestCategories.Servers)]
    public async Task With_quorum_the_consumer_queues_are_quorum_queues_and_an_SMS_is_delivered()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        var factory = new DashopFactory(Backend.Servers, ronglian, new Dictionary<string, string?> { ["Messaging:QueueType"] = "quorum" });
        var prefix = $"t{factory.InstanceId}";
        try
        {
            using var api = factory.CreateClient();
            var phone = TestData.Phone();
            var (_, sent) = await api.PostJsonAsync("/v1/users/sms/code", new { phone });
            Assert.That(sent.Code(), Is.EqualTo(200), sent.ToString());

            var consumed = (await factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + phone, timeout: TimeSpan.FromSeconds(20))).Single();
            await using var scope = factory.Services.CreateAsyncScope();
            var delivery = await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Deliveries.AsNoTracking().SingleAsync(d => d.Id == consumed.DeliveryId);
            var queues = await QueueTypesAsync(prefix);
            Assert.Multiple(() =>
            {
                Assert.That(delivery.Status, Is.EqualTo(DeliveryStatus.Sent));
                Assert.That(ronglian.To(phone), Has.Count.EqualTo(1));
                Assert.That(queues.Keys, Has.Some.Contains("sms-code"), "the SMS consumer's queue");
                Assert.That(queues.Keys, Has.Some.Contains("email"), "the e-mail consumers' queues");
                Assert.That(queues.Values, Is.All.EqualTo("quorum"), string.Join(", ", queues));
            });
        }
        finally
        {
            await factory.DisposeAsync();
            await DeleteQueuesAsync(prefix);
        }
    }

    [Test]
    [Category(TestCategories.Servers)]
    public async Task By_default_the_consumer_queues_are_classic()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        await using var factory = new DashopFactory(Backend.Servers, ronglian);
        factory.CreateClient().Dispose();

        var queues = await QueueTypesAsync($"t{factory.InstanceId}");
        Assert.That(queues.Keys, Has.Some.Contains("sms-code"));
        Assert.That(queues.Values, Is.All.EqualTo("classic"), string.Join(", ", queues));
    }

    [Test]
    public async Task An_unknown_queue_type_stops_the_start_naming_the_key()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?> { ["Messaging:QueueType"] = "mirrored" });
        var error = Assert.Catch(() => factory.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("Messaging:QueueType"));
    }
}

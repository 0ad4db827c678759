using System.Diagnostics;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Reliability;

/// <summary>
/// Issue 7 §1: the shared Redis and RabbitMQ go away and come back. These stop servers other fixtures use,
/// so they run alone.
/// </summary>
[NonParallelizable]
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

        await TestServers.RunAsync("DASHOP_TEST_RABBITMQCTL", "stop_app");
        await Task.Delay(500);
        await TestServers.RunAsync("DASHOP_TEST_RABBITMQCTL", "start_app");

        await Eventually.That(() => Task.FromResult(phones.All(p => ronglian.To(p).Count > 0)), TimeSpan.FromSeconds(90));
        await Task.Delay(2000);
        Assert.Multiple(() =>
        {
            Assert.That(phones.Select(p => ronglian.To(p).Count), Is.All.EqualTo(1), "none twice");
            Assert.That(ronglian.Received.Select(r => r.ReqId).Distinct().Count(), Is.EqualTo(ronglian.Received.Count));
        });
    }
}

/// <summary>Issue 7 §1: a consumer that throws and a provider that times out are retried within bounds.</summary>
public sealed class ConsumerFaultTests
{
    [Test]
    public async Task A_consumer_that_throws_mid_message_is_retried()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(Backend.Servers, ronglian, services: services =>
        {
            var real = services.Single(d => d.ServiceType == typeof(ISmsSender));
            services.Remove(real);
            services.AddTransient<ISmsSender>(sp => new ThrowingOnceSender(real.ImplementationFactory is { } create
                ? (ISmsSender)create(sp)
                : (ISmsSender)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
        });
        using var api = factory.CreateClient();
        var phone = TestData.Phone();
        await api.PostJsonAsync("/v1/users/sms/code", new { phone });

        await ronglian.WaitForCodeAsync(phone, TimeSpan.FromSeconds(20));
        Assert.That(ThrowingOnceSender.Thrown, Is.GreaterThanOrEqualTo(1));
        Assert.That(ronglian.To(phone), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Provider_timeouts_are_retried_and_then_given_up()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(Backend.Servers, ronglian, new Dictionary<string, string?>
        {
            ["Sms:Ronglian:TimeoutSeconds"] = "1",
            ["Sms:MaxSendAttempts"] = "3",
        });
        using var api = factory.CreateClient();

        // One timeout, then success.
        ronglian.Script(FakeAnswer.Slow(TimeSpan.FromSeconds(2)));
        var phone = TestData.Phone();
        await api.PostJsonAsync("/v1/users/sms/code", new { phone });
        await ronglian.WaitForCodeAsync(phone, TimeSpan.FromSeconds(20));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var first = PhoneNumberParser.Mask("+86" + phone);
        // Its retry must be over before the next script, or it would take one of the scripted answers.
        var sent = await Eventually.Value(() => db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.MaskedRecipient == first && d.Status == DeliveryStatus.Sent));
        Assert.That(sent.Attempts, Is.EqualTo(2));

        // Timeouts every time: three attempts, then failed for good and the cooldown released.
        ronglian.Script(FakeAnswer.Slow(TimeSpan.FromSeconds(2)), FakeAnswer.Slow(TimeSpan.FromSeconds(2)), FakeAnswer.Slow(TimeSpan.FromSeconds(2)));
        var unlucky = TestData.Phone();
        await api.PostJsonAsync("/v1/users/sms/code", new { phone = unlucky });
        var masked = PhoneNumberParser.Mask("+86" + unlucky);
        var failed = await Eventually.Value(() => db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.MaskedRecipient == masked && d.Status == DeliveryStatus.Failed),
            TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(failed.Attempts, Is.EqualTo(3));
            Assert.That(failed.Failure, Is.EqualTo(DeliveryFailure.GaveUp));
            Assert.That(failed.ErrorCode, Is.EqualTo("timeout"));
        });
        var (_, again) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = unlucky });
        Assert.That(again.Code(), Is.EqualTo(200));
    }

    private sealed class ThrowingOnceSender(ISmsSender inner) : ISmsSender
    {
        private static int _thrown;

        public static int Thrown => Volatile.Read(ref _thrown);

        public string Name => inner.Name;

        public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
            Interlocked.CompareExchange(ref _thrown, 1, 0) == 0
                ? throw new InvalidOperationException("simulated crash in the middle of a message")
                : inner.SendAsync(message, cancellationToken);
    }
}

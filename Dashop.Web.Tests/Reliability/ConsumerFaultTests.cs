using Dashop.Web.Infrastructure;
using Dashop.Contracts;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Tests.Reliability;

/// <summary>Issue 7 §1: a consumer that throws and a provider that times out are retried within bounds.</summary>
[Category(TestCategories.Servers)]
public sealed class ConsumerFaultTests
{
    [Test]
    public async Task A_consumer_that_throws_mid_message_is_retried()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        var crash = new OneCrash();
        await using var factory = new DashopFactory(Backend.Servers, ronglian, services: services =>
        {
            var real = services.Single(d => d.ServiceType == typeof(ISmsSender));
            services.Remove(real);
            services.AddTransient<ISmsSender>(sp => new ThrowingOnceSender(crash, real.ImplementationFactory is { } create
                ? (ISmsSender)create(sp)
                : (ISmsSender)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
        });
        using var api = factory.CreateClient();
        var phone = TestData.Phone();
        await api.PostJsonAsync("/v1/users/sms/code", new { phone });

        var consumed = (await factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + phone, timeout: TimeSpan.FromSeconds(20))).Single();
        await using var scope = factory.Services.CreateAsyncScope();
        var delivery = await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Deliveries.AsNoTracking().SingleAsync(d => d.Id == consumed.DeliveryId);
        Assert.Multiple(() =>
        {
            Assert.That(crash.Thrown, Is.EqualTo(1));
            Assert.That(delivery.Status, Is.EqualTo(DeliveryStatus.Sent));
            Assert.That(ronglian.To(phone), Has.Count.EqualTo(1));
        });
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
        var first = Masking.Phone("+86" + phone);
        // Its retry must be over before the next script, or it would take one of the scripted answers.
        var sent = await Eventually.Value(() => db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.MaskedRecipient == first && d.Status == DeliveryStatus.Sent));
        Assert.That(sent.Attempts, Is.EqualTo(2));

        // Timeouts every time: three attempts, then failed for good and the cooldown released.
        ronglian.Script(FakeAnswer.Slow(TimeSpan.FromSeconds(2)), FakeAnswer.Slow(TimeSpan.FromSeconds(2)), FakeAnswer.Slow(TimeSpan.FromSeconds(2)));
        var unlucky = TestData.Phone();
        await api.PostJsonAsync("/v1/users/sms/code", new { phone = unlucky });
        var masked = Masking.Phone("+86" + unlucky);
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

    /// <summary>One per test: the first send of that test's host throws, the others go through.</summary>
    private sealed class OneCrash
    {
        private int _thrown;

        public int Thrown => Volatile.Read(ref _thrown);

        public bool TakeTurn() => Interlocked.CompareExchange(ref _thrown, 1, 0) == 0;
    }

    private sealed class ThrowingOnceSender(OneCrash crash, ISmsSender inner) : ISmsSender
    {
        public string Name => inner.Name;

        public Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
            crash.TakeTurn()
                ? throw new InvalidOperationException("simulated crash in the middle of a message")
                : inner.SendAsync(message, cancellationToken);
    }
}

using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Operations;

/// <summary>Old delivery and sign-in records go once a day; new ones stay; one instance at a time does it.</summary>
public sealed class RetentionTests
{
    private static async Task SeedAsync(DashopFactory factory, DateTime now)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        foreach (var age in new[] { 120, 91, 89, 1 })
        {
            db.Deliveries.Add(new Delivery
            {
                Id = Guid.NewGuid(), Channel = DeliveryChannel.Sms, Provider = "Ronglian", MaskedRecipient = "177****0000", Purpose = $"age{age}",
                Status = DeliveryStatus.Sent, CreatedAtUtc = now.AddDays(-age), UpdatedAtUtc = now.AddDays(-age), CompletedAtUtc = now.AddDays(-age),
            });
            db.Set<SignInRecord>().Add(new SignInRecord { Method = SignInMethod.Password, Result = SignInOutcome.WrongPassword, Ip = $"age{age}", AtUtc = now.AddDays(-age) });
        }
        await db.SaveChangesAsync();
    }

    private static async Task<(List<string?> Deliveries, List<string> SignIns)> RemainingAsync(DashopFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        return (await db.Deliveries.Select(d => d.Purpose).OrderBy(p => p).ToListAsync(),
            await db.Set<SignInRecord>().Select(s => s.Ip).OrderBy(p => p).ToListAsync());
    }

    private static int LogCount(DashopFactory factory, string text) => factory.Logs.Count(l => l.Contains(text, StringComparison.Ordinal));

    [Test]
    public async Task Records_older_than_the_retention_are_deleted_in_batches_on_the_daily_pass_and_newer_ones_stay()
    {
        await using var factory = new DashopFactory(Backend.Embedded, ronglian: null,
            new Dictionary<string, string?> { ["Retention:BatchSize"] = "10" }, fakeTime: true);
        var time = factory.FakeTime!;
        await SeedAsync(factory, time.GetUtcNow().UtcDateTime);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
            var now = time.GetUtcNow().UtcDateTime;
            // More old rows than one batch.
            for (var i = 0; i < 25; i++)
                db.Set<SignInRecord>().Add(new SignInRecord { Method = SignInMethod.Weibo, Result = SignInOutcome.Succeeded, Ip = "bulk", AtUtc = now.AddDays(-200) });
            await db.SaveChangesAsync();
        }

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.That(LogCount(factory, "Retention: deleted"), Is.Zero, "not before the start delay");

        time.Advance(TimeSpan.FromMinutes(2));
        await Eventually.That(() => Task.FromResult(LogCount(factory, "Retention: deleted") == 1));
        var (deliveries, signIns) = await RemainingAsync(factory);
        Assert.Multiple(() =>
        {
            Assert.That(deliveries, Is.EqualTo(new[] { "age1", "age89" }));
            Assert.That(signIns, Is.EqualTo(new[] { "age1", "age89" }));
            Assert.That(factory.Logs, Has.Some.Contains("Retention: deleted").And.Contains("2 delivery records").And.Contains("27 sign-in records")
                .And.Contains("older than 90 days"));
        });

        // A day later the 89-day-old records (now 90 days and a few minutes) go too.
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await Eventually.That(() => Task.FromResult(LogCount(factory, "Retention: deleted") == 2));
        (deliveries, signIns) = await RemainingAsync(factory);
        Assert.That(deliveries, Is.EqualTo(new[] { "age1" }));
        Assert.That(signIns, Is.EqualTo(new[] { "age1" }));
    }

    [Test]
    [Category(TestCategories.Servers)]
    public async Task Two_instances_sharing_Redis_do_not_both_run_the_daily_pass()
    {
        var shared = new Dictionary<string, string?> { ["Cache:InstanceName"] = $"retention{Guid.NewGuid():N}:" };
        await using var first = new DashopFactory(Backend.Servers, ronglian: null, shared, fakeTime: true);
        await using var second = new DashopFactory(Backend.Servers, ronglian: null, shared, fakeTime: true);
        _ = first.Services;
        _ = second.Services;

        first.FakeTime!.Advance(TimeSpan.FromMinutes(6));
        second.FakeTime!.Advance(TimeSpan.FromMinutes(6));
        static int Decisions(DashopFactory f) => LogCount(f, "Retention: deleted") + LogCount(f, "Retention: another instance holds");
        await Eventually.That(() => Task.FromResult(Decisions(first) == 1 && Decisions(second) == 1));

        Assert.That(LogCount(first, "Retention: deleted") + LogCount(second, "Retention: deleted"), Is.EqualTo(1), "exactly one instance ran the pass");
    }
}

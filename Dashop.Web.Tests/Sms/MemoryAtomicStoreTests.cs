using Dashop.Web.Infrastructure.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Dashop.Web.Tests.Sms;

public sealed class MemoryAtomicStoreTests
{
    [Test]
    public async Task A_claim_holds_until_its_ttl_and_quotas_refuse_without_counting()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new MemoryAtomicStore(time);
        Quota[] quota = [new("q", 2, TimeSpan.FromHours(1))];

        Assert.That((await store.TryClaimAsync("a", TimeSpan.FromSeconds(60), quota, [])).Outcome, Is.EqualTo(ClaimOutcome.Claimed));
        Assert.That((await store.TryClaimAsync("a", TimeSpan.FromSeconds(60), quota, [])).Outcome, Is.EqualTo(ClaimOutcome.AlreadyClaimed));
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.That((await store.TryClaimAsync("a", TimeSpan.FromSeconds(60), quota, [])).Outcome, Is.EqualTo(ClaimOutcome.Claimed));
        time.Advance(TimeSpan.FromSeconds(61));
        var third = await store.TryClaimAsync("a", TimeSpan.FromSeconds(60), quota, []);
        Assert.Multiple(() =>
        {
            Assert.That(third.Outcome, Is.EqualTo(ClaimOutcome.QuotaExceeded));
            Assert.That(third.ExceededQuota, Is.EqualTo(0));
        });
        // A refused claim takes nothing: the key is still free once the quota window passes.
        time.Advance(TimeSpan.FromHours(1));
        Assert.That((await store.TryClaimAsync("a", TimeSpan.FromSeconds(60), quota, [])).Outcome, Is.EqualTo(ClaimOutcome.Claimed));
    }

    [Test]
    public async Task Increments_are_atomic_under_contention()
    {
        var store = new MemoryAtomicStore(TimeProvider.System);
        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => store.IncrementAsync("n", TimeSpan.FromMinutes(1)))));
        Assert.That(results.Order(), Is.EqualTo(Enumerable.Range(1, 500).Select(i => (long)i)));
    }
}

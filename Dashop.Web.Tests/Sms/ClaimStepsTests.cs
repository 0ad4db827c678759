using Dashop.Contracts;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Sms;

/// <summary>
/// Issue 17 §1: a claim whose keys lie in several hash slots (a Redis Cluster) runs as single-slot steps; a refused step
/// gives back what the earlier ones took, so the claim means the same on every backend (decision 0010).
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
public sealed class ClaimStepsTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;
    private IAtomicStore _store = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await SharedHosts.RonglianAsync();
        _factory = new DashopFactory(backend, _ronglian, new Dictionary<string, string?> { ["Sms:MaxPerIpPerHour"] = "1" });
        _store = _factory.Services.GetRequiredService<IAtomicStore>();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
    }

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task A_check_only_quota_refuses_at_its_limit_and_is_never_counted_nor_given_back()
    {
        // Three slots on a cluster: the claim's own, and two other keys, so the stepwise path is taken there.
        var tag = $"{{{Guid.NewGuid():N}}}";
        var counted = new Quota($"counted:{Guid.NewGuid():N}", 5, Minute);
        var checkedOnly = new Quota($"checked:{Guid.NewGuid():N}", 2, Minute, CheckOnly: true);
        var asCounter = checkedOnly with { CheckOnly = false };

        var whileFree = await _store.TryClaimAsync($"a:{tag}", Minute, [counted, checkedOnly], []);
        var alsoFree = await _store.TryClaimAsync($"b:{tag}", Minute, [counted, checkedOnly], []);
        // Counted by someone else (as the SMS consumer counts the site's hourly cap) up to its limit.
        await _store.TryClaimAsync($"c:{Guid.NewGuid():N}", Minute, [asCounter], []);
        await _store.TryClaimAsync($"d:{Guid.NewGuid():N}", Minute, [asCounter], []);
        var reached = await _store.TryClaimAsync($"e:{tag}", Minute, [counted, checkedOnly], []);
        var overCounted = await _store.TryClaimAsync($"f:{Guid.NewGuid():N}", Minute, [asCounter], []);
        // The refusal gave back the count it took of the counted quota, and nothing of the checked one: 2 of 5 used.
        var rest = new List<ClaimOutcome>();
        for (var i = 0; i < 4; i++)
            rest.Add((await _store.TryClaimAsync($"g{i}:{Guid.NewGuid():N}", Minute, [counted], [])).Outcome);

        Assert.Multiple(() =>
        {
            Assert.That((whileFree.Outcome, alsoFree.Outcome), Is.EqualTo((ClaimOutcome.Claimed, ClaimOutcome.Claimed)), "checking counts nothing");
            Assert.That(reached, Is.EqualTo(new ClaimResult(ClaimOutcome.QuotaExceeded, 1)), "refused once the counter reached the limit");
            Assert.That(overCounted.Outcome, Is.EqualTo(ClaimOutcome.QuotaExceeded), "the counter stood at exactly its limit");
            Assert.That(rest, Is.EqualTo(new[] { ClaimOutcome.Claimed, ClaimOutcome.Claimed, ClaimOutcome.Claimed, ClaimOutcome.QuotaExceeded }));
        });
    }

    [Test]
    public async Task A_quota_refused_in_a_later_step_gives_back_the_claim_and_the_counts_of_the_earlier_one()
    {
        var tag = $"{{{Guid.NewGuid():N}}}";
        var shared = new Quota($"shared:{Guid.NewGuid():N}", 1, Minute);
        Assert.That((await _store.TryClaimAsync($"first:{Guid.NewGuid():N}", Minute, [shared], [])).Outcome, Is.EqualTo(ClaimOutcome.Claimed));

        var own = new Quota($"own:{tag}", 1, Minute);
        var refused = await _store.TryClaimAsync($"claim:{tag}", Minute, [own, shared], [], "owner-a");
        var again = await _store.TryClaimAsync($"claim:{tag}", Minute, [own, shared], [], "owner-b");
        // Had the first refusal kept the claim, this would be AlreadyClaimed; had it kept its count, own would refuse.
        var ownAlone = await _store.TryClaimAsync($"claim:{tag}", Minute, [own], [], "owner-c");

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(new ClaimResult(ClaimOutcome.QuotaExceeded, 1)));
            Assert.That(again, Is.EqualTo(new ClaimResult(ClaimOutcome.QuotaExceeded, 1)));
            Assert.That(ownAlone, Is.EqualTo(new ClaimResult(ClaimOutcome.Claimed)));
        });
    }

    [Test]
    public async Task The_loser_of_a_claim_uses_up_no_quota()
    {
        var tag = $"{{{Guid.NewGuid():N}}}";
        var elsewhere = new Quota($"elsewhere:{Guid.NewGuid():N}", 2, Minute);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            _store.TryClaimAsync($"claim:{tag}", Minute, [new Quota($"day:{tag}", 5, Minute), elsewhere], [])));
        var later = await _store.TryClaimAsync($"other:{Guid.NewGuid():N}", Minute, [elsewhere], []);

        Assert.Multiple(() =>
        {
            Assert.That(results.Count(r => r.Outcome == ClaimOutcome.Claimed), Is.EqualTo(1));
            Assert.That(results.Count(r => r.Outcome == ClaimOutcome.AlreadyClaimed), Is.EqualTo(19));
            Assert.That(later.Outcome, Is.EqualTo(ClaimOutcome.Claimed), "19 losers took nothing of a quota of 2");
        });
    }

    [Test]
    public async Task Reset_keys_are_deleted_only_when_every_step_succeeded()
    {
        var tag = $"{{{Guid.NewGuid():N}}}";
        var attempts = $"attempts:{tag}";
        var full = new Quota($"full:{Guid.NewGuid():N}", 0, Minute);
        await _store.IncrementAsync(attempts, Minute);

        await _store.TryClaimAsync($"claim:{tag}", Minute, [full], [attempts]);
        var afterRefusal = await _store.IncrementAsync(attempts, Minute);
        await _store.TryClaimAsync($"claim:{tag}", Minute, [new Quota($"open:{Guid.NewGuid():N}", 1, Minute)], [attempts]);
        var afterClaim = await _store.IncrementAsync(attempts, Minute);

        Assert.That((afterRefusal, afterClaim), Is.EqualTo((2L, 1L)));
    }

    [Test]
    public async Task A_code_request_refused_by_the_IP_cap_leaves_the_phone_free()
    {
        using var api = _factory.CreateClient();
        var (first, second) = (TestData.Phone(), TestData.Phone());
        var answers = new List<int>();
        foreach (var phone in new[] { first, second, second })
            answers.Add((await api.PostJsonAsync("/v1/users/sms/code", new { phone })).Body.Code());

        // The second phone's step (cooldown and daily count) ran before the IP's refused: it was given back, so the
        // repeat is refused by the IP cap again, not by a cooldown (10111).
        Assert.That(answers, Is.EqualTo(new[] { 200, 10116, 10116 }));
        // A code is published before its request is answered: none for the second phone will come.
        Assert.That(_factory.Bus.Published<SendSmsCode>().Select(m => m.Phone), Is.EqualTo(new[] { "+86" + first }));
    }
}

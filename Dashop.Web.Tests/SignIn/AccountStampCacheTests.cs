using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashop.Web.Tests.SignIn;

/// <summary>The token-status cache: a stamp changed on another instance counts within the configured seconds.</summary>
public sealed class AccountStampCacheTests
{
    [Test]
    public async Task A_stamp_changed_elsewhere_is_read_again_once_the_entry_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new AccountStampCache(Options.Create(new JwtOptions { SigningKey = new string('k', 32), StatusStampCacheSeconds = 5 }), time);
        var stamp = "stamp-1";
        var reads = 0;
        Task<(string?, string?)> Read(string id, CancellationToken ct)
        {
            reads++;
            return Task.FromResult<(string?, string?)>(("alice", stamp));
        }

        Assert.That((await cache.GetAsync("u1", Read, CancellationToken.None)).SecurityStamp, Is.EqualTo("stamp-1"));
        stamp = "stamp-2"; // changed by another instance: this one is not told
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.That((await cache.GetAsync("u1", Read, CancellationToken.None)).SecurityStamp, Is.EqualTo("stamp-1"), "within the 5 s");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Multiple(async () =>
        {
            Assert.That((await cache.GetAsync("u1", Read, CancellationToken.None)).SecurityStamp, Is.EqualTo("stamp-2"), "after 5 s");
            Assert.That(reads, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_stamp_changed_on_this_instance_is_read_again_at_the_next_check()
    {
        var cache = new AccountStampCache(Options.Create(new JwtOptions { SigningKey = new string('k', 32), StatusStampCacheSeconds = 60 }),
            new FakeTimeProvider(DateTimeOffset.UtcNow));
        var stamp = "stamp-1";
        Task<(string?, string?)> Read(string id, CancellationToken ct) => Task.FromResult<(string?, string?)>(("alice", stamp));

        await cache.GetAsync("u1", Read, CancellationToken.None);
        stamp = "stamp-2";
        cache.Invalidate("u1");
        Assert.That((await cache.GetAsync("u1", Read, CancellationToken.None)).SecurityStamp, Is.EqualTo("stamp-2"));
    }

    [Test]
    public async Task With_zero_seconds_every_check_reads_the_database()
    {
        var cache = new AccountStampCache(Options.Create(new JwtOptions { SigningKey = new string('k', 32), StatusStampCacheSeconds = 0 }),
            new FakeTimeProvider(DateTimeOffset.UtcNow));
        var reads = 0;
        Task<(string?, string?)> Read(string id, CancellationToken ct)
        {
            reads++;
            return Task.FromResult<(string?, string?)>(("alice", "s"));
        }

        await cache.GetAsync("u1", Read, CancellationToken.None);
        await cache.GetAsync("u1", Read, CancellationToken.None);
        Assert.That(reads, Is.EqualTo(2));
    }
}

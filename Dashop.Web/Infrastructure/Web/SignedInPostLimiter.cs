using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// The built-in rate limiter for the posts of the signed-in account pages (spec §18): token buckets per account and per
/// client address (an IPv6 client by its /64), per instance, like the password limit of <c>/login</c>. Asked by the
/// controller rather than the middleware, so that a refused post gets its form back with a message, and after
/// authentication, so that the account is known. The account's bucket is asked first: a post it refuses uses nothing
/// of the address's.
/// </summary>
public sealed class SignedInPostLimiter : IDisposable
{
    public const string RefusedMessage = "Too many changes in a short time; please wait a minute and try again.";

    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public SignedInPostLimiter(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(context =>
                Bucket("account:" + (context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "ip:" + context.ClientIp()), limits.AccountPostsPerMinute)),
            PartitionedRateLimiter.Create<HttpContext, string>(context => Bucket(context.ClientIp(), limits.AccountPostsPerMinutePerIp)));
    }

    /// <summary>True when this post may go on; false when the account or the address has used its minute's posts.</summary>
    public bool TryAcquire(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    private static RateLimitPartition<string> Bucket(string key, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}

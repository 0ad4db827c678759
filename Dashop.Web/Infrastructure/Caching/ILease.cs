namespace Dashop.Web.Infrastructure.Caching;

/// <summary>
/// A named lease that one holder at a time gets, for a while: Redis (<c>SET NX PX</c>, every instance sharing it) or,
/// embedded, this process alone. There is no release: a lease ends when its time is up, so a holder that dies cannot
/// keep it, and a job done within the lease is not done again by another instance in that time.
/// </summary>
public interface ILease
{
    /// <summary>True when nobody held <paramref name="name"/> and this caller now holds it for <paramref name="duration"/>.</summary>
    Task<bool> TryAcquireAsync(string name, TimeSpan duration);
}

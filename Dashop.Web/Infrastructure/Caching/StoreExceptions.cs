namespace Dashop.Web.Infrastructure.Caching;

public static class StoreExceptions
{
    /// <summary>The cache or atomic store could not answer (Redis away or slow): callers turn this into a clear answer.</summary>
    public static bool Is(Exception ex) =>
        ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException;
}

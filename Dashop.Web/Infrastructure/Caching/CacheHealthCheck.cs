using System.Net;
using HealthChecks.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Dashop.Web.Infrastructure.Health;

namespace Dashop.Web.Infrastructure.Caching;

/// <summary>
/// Redis through the process's shared multiplexer (the package's <see cref="RedisHealthCheck"/> pings every
/// configured endpoint), or the in-process cache, which is up while the process is.
/// </summary>
public sealed class CacheHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
            return HealthCheckResult.Healthy("in-process memory");

        var where = $"Redis ({string.Join(", ", redis.GetEndPoints(configuredOnly: true).Select(Format))})";
        var result = await new RedisHealthCheck(redis).CheckHealthAsync(context, cancellationToken);
        // StackExchange.Redis messages run to a paragraph of client statistics: the type says enough here.
        return result.Status == HealthStatus.Healthy
            ? HealthCheckResult.Healthy(where)
            : CheckResults.Failed(context, $"{where}: unreachable ({result.Exception?.GetType().Name ?? "no answer"})", result.Exception);
    }

    private static string Format(EndPoint endPoint) => endPoint is DnsEndPoint dns ? $"{dns.Host}:{dns.Port}" : endPoint.ToString() ?? "";
}

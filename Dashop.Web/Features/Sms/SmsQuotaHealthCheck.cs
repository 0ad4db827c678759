using System.Globalization;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.Sms;

/// <summary>
/// Degraded while the site-wide SMS quota (<c>Sms:MaxPerHour</c>) of the current hour is used up: no code goes out
/// until the next hour. Not a readiness check (everything else still works).
/// </summary>
public sealed class SmsQuotaHealthCheck(SmsSiteQuota quota) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = quota.Limit.ToString(CultureInfo.InvariantCulture);
        DateTimeOffset? reachedUntil;
        try
        {
            reachedUntil = await quota.ReachedUntilAsync(cancellationToken);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            return HealthCheckResult.Degraded($"cannot tell whether Sms:MaxPerHour ({limit}) is reached: the cache is unavailable");
        }
        return reachedUntil is { } until
            ? HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
                $"Sms:MaxPerHour ({limit}) reached: no SMS codes are sent until {until:HH:mm} (China time)"))
            : HealthCheckResult.Healthy($"fewer than Sms:MaxPerHour ({limit}) SMS codes this hour");
    }
}

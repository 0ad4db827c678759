using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Infrastructure.Health;

/// <summary>Each part of the app registers the checks of what it depends on; the admin page and the probes show them all.</summary>
public static class HealthCheckExtensions
{
    /// <summary>What a probe may wait for one readiness check before counting it as down.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A dependency the instance needs to serve requests: <c>/healthz/ready</c> runs it.</summary>
    public static IServiceCollection AddReadinessCheck<TCheck>(this IServiceCollection services, string name) where TCheck : class, IHealthCheck
    {
        services.AddHealthChecks().AddCheck<TCheck>(name, tags: [HealthTags.Ready], timeout: ReadyTimeout);
        return services;
    }

    /// <summary>A remote provider (SMS, SMTP, Weibo): shown on the admin page, never a reason to take an instance out.</summary>
    public static IServiceCollection AddProviderCheck<TCheck>(this IServiceCollection services, string name) where TCheck : class, IHealthCheck
    {
        services.AddHealthChecks().AddCheck<TCheck>(name, tags: [HealthTags.Provider], timeout: CheckResults.Timeout * 2);
        return services;
    }

    /// <summary>Shown on the admin page only.</summary>
    public static IServiceCollection AddStatusCheck<TCheck>(this IServiceCollection services, string name) where TCheck : class, IHealthCheck
    {
        services.AddHealthChecks().AddCheck<TCheck>(name);
        return services;
    }
}

using Dashop.Web.Features.Admin.Checks;
using Dashop.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.Admin;

public static class AdminExtensions
{
    public const string RoleName = "Admin";
    public const string PolicyName = "Admin";

    /// <summary>What a probe may wait for one readiness check before counting it as down.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The Admin role's policy, the health checks of every dependency, the health page and the create-admin verb.</summary>
    public static WebApplicationBuilder AddDashopAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.RequireAuthenticatedUser().RequireRole(RoleName));

        services.AddHttpClient(SmsProviderHealthCheck.HttpClientName, http => http.Timeout = ProbeResults.Timeout);
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready], timeout: ReadyTimeout)
            .AddCheck<CacheHealthCheck>("cache", tags: [HealthTags.Ready], timeout: ReadyTimeout);
        if (builder.Configuration.GetConnectionString("RabbitMq") is { Length: > 0 } rabbit)
        {
            // Made by a factory so that the container owns it and closes the connection at shutdown.
            services.AddSingleton(_ => new RabbitMqProbeConnection(new Uri(rabbit)));
            checks.AddCheck<BrokerHealthCheck>("rabbitmq", tags: [HealthTags.Ready], timeout: ReadyTimeout);
        }
        else
        {
            checks.AddCheck<SmsBacklogHealthCheck>("sms-backlog");
        }
        checks
            .AddCheck<SmsQuotaHealthCheck>("sms-quota")
            .AddCheck<SmsProviderHealthCheck>("sms", tags: [HealthTags.Provider], timeout: ProbeResults.Timeout * 2)
            .AddCheck<SmtpHealthCheck>("smtp", tags: [HealthTags.Provider], timeout: ProbeResults.Timeout * 2)
            .AddCheck<WeiboHealthCheck>("weibo", tags: [HealthTags.Provider], timeout: ProbeResults.Timeout * 2);
        services.PostConfigure<HealthCheckServiceOptions>(NameTheBusTransport);

        services.AddScoped<DeliveryReportQuery>();
        services.AddScoped<HealthPageService>();
        services.AddScoped<CreateAdminCommand>();
        return builder;
    }

    /// <summary>
    /// MassTransit registers its own checks ("masstransit-bus", tagged ready). Their descriptions say "Ready" or why not;
    /// this adds which transport the bus runs on, and makes sure readiness includes them.
    /// </summary>
    internal static void NameTheBusTransport(HealthCheckServiceOptions options)
    {
        foreach (var registration in options.Registrations.Where(r => r.Name.StartsWith("masstransit", StringComparison.Ordinal)))
        {
            var bus = registration.Factory;
            registration.Factory = sp => new TransportHealthCheck(bus(sp), sp.GetService<RunMode>()?.Mode("bus") ?? "MassTransit");
            registration.Tags.Add(HealthTags.Ready);
        }
    }

    /// <summary>
    /// <c>/healthz/live</c>: the process answers (no dependency is checked, so a database outage never restarts it).
    /// <c>/healthz/ready</c>: database, cache and bus; 503 while one of them is down.
    /// </summary>
    public static WebApplication MapDashopHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthJson.WriteAsync })
            .WithMetadata(new SkipStatusCodePagesAttribute())
            .AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthTags.Ready), ResponseWriter = HealthJson.WriteAsync })
            .WithMetadata(new SkipStatusCodePagesAttribute())
            .AllowAnonymous();
        return app;
    }
}

using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;

namespace Dashop.Web.Features.Admin;

public static class AdminExtensions
{
    public const string RoleName = "Admin";
    public const string PolicyName = "Admin";

    /// <summary>
    /// The Admin role's policy, the health page (which shows the checks that every part of the app registers for what it
    /// depends on), the probes and the create-admin verb.
    /// </summary>
    public static WebApplicationBuilder AddDashopAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("admin"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopDeliveries().AddDashopRegistration();
        services.AddHealthChecks();
        services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.RequireAuthenticatedUser().RequireRole(RoleName));

        services.AddScoped<DeliveryReportQuery>();
        services.AddScoped<HealthChartQuery>();
        services.AddSingleton<HealthReportCache>();
        services.AddScoped<HealthPageService>();
        services.AddScoped<CreateAdminCommand>();
        return builder;
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

using Dashop.Web.Infrastructure.Telemetry;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>The web plumbing every feature stands on, in the order a request meets it.</summary>
public static class WebExtensions
{
    public static WebApplicationBuilder AddDashopWeb(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("web"))
            return builder;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunMode>();
        builder.Services.AddValidatedOptions<AppOptions>(AppOptions.SectionName);
        return builder
            .AddDashopForwardedHeaders()
            .AddDashopTransportSecurity()
            .AddDashopErrorHandling()
            .AddDashopLocalization()
            .AddDashopMvc()
            .AddDashopRateLimits()
            .AddDashopTelemetry();
    }

    /// <summary>Everything up to routing; then the features' middleware (CORS), then <see cref="UseDashopEndpoints"/>.</summary>
    public static WebApplication UseDashopWeb(this WebApplication app)
    {
        app.UseDashopForwardedHeaders();
        app.UseDashopMetrics();
        app.UseDashopErrorHandling();
        app.UseDashopTransportSecurity();
        app.UseDashopSecurityHeaders();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        return app;
    }

    /// <summary>Rate limits, who is asking and what they may do, then the controllers.</summary>
    public static WebApplication UseDashopEndpoints(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        return app;
    }
}

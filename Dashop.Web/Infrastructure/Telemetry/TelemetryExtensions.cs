using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dashop.Web.Infrastructure.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>MassTransit's ActivitySource and Meter.</summary>
    private const string MassTransitSource = "MassTransit";

    /// <summary>
    /// Traces and metrics through OpenTelemetry: ASP.NET Core, HttpClient, EF Core, the runtime, MassTransit and the
    /// <see cref="DashopMetrics"/>. Metrics are served at <see cref="MetricsPath"/> to <c>Metrics:AllowedNetworks</c>;
    /// both signals go over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other <c>OTEL_*</c> variables
    /// apply), and nowhere else otherwise. <c>Telemetry:Enabled=false</c> leaves all of it out (the benchmark's baseline).
    /// </summary>
    public static WebApplicationBuilder AddDashopTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("telemetry"))
            return builder;
        builder.AddDashopLogCorrelation();
        services.AddMetrics();
        services.AddSingleton<DashopMetrics>();
        services.AddValidatedOptions<MetricsOptions>(MetricsOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) =>
            {
                var networks = ConfigurationLists.Read(configuration, $"{MetricsOptions.SectionName}:{nameof(MetricsOptions.AllowedNetworks)}");
                if (networks.Length > 0)
                    o.AllowedNetworks = networks;
            });
        if (!builder.Configuration.GetValue("Telemetry:Enabled", true))
            return builder;

        // Spans with nowhere to go still cost CPU for every request, message and query (tags, timings, links): without an
        // exporter they are sampled out. They are still created as propagation-only activities, so trace ids flow from a
        // request through the bus to the consumer and into the log scopes. Telemetry:RecordTraces=true records them anyway
        // (for an exporter added in code, as the trace test does).
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var recordTraces = builder.Configuration.GetValue("Telemetry:RecordTraces", otlp);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("dashop", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .SetSampler(recordTraces ? new ParentBasedSampler(new AlwaysOnSampler()) : new PropagationOnlySampler())
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbeOrScrape(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(MassTransitSource))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MassTransitSource, DashopMetrics.MeterName)
                .AddPrometheusExporter());
        if (otlp)
            telemetry.UseOtlpExporter();
        services.AddSingleton(new RunMode.Concern("telemetry", otlp ? "/metrics and OTLP" : "/metrics only"));
        return builder;
    }

    /// <summary>
    /// Every log line written while a request or a message is handled carries the trace id of the request that caused it
    /// (a consumer continues the publisher's trace): the logger factory adds <c>TraceId</c> and <c>SpanId</c> of the
    /// current activity as the outermost scope (only those two: <c>ParentId</c> is dropped, as is the cost of reading it).
    /// The JSON console formatter always writes scopes, whatever <c>Logging:Console:FormatterOptions:IncludeScopes</c>
    /// says: a JSON line is for a log pipeline, and the trace id is what joins it to the rest. The simple formatter follows
    /// the setting. Independent of <c>Telemetry:Enabled</c>: ASP.NET Core starts a request's activity either way.
    /// </summary>
    private static void AddDashopLogCorrelation(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.PostConfigure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
    }

    /// <summary>
    /// <see cref="MetricsPath"/> for the allowed networks, ahead of everything but the forwarded headers (so the client's
    /// address is the one checked); anyone else goes on down the pipeline and meets the 404 of a path with no route.
    /// </summary>
    public static WebApplication UseDashopMetrics(this WebApplication app)
    {
        if (app.Services.GetService<MeterProvider>() is null)
            return app;
        var allowed = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == MetricsPath && allowed.Allows(context.Connection.RemoteIpAddress));
        return app;
    }

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(MetricsPath);
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
    /// Instruments left out: each is updated several times per request or message (a block rented from Kestrel's
    /// memory pool, a connection going idle, a message starting and ending), and together they were most of the
    /// metrics' CPU cost (issue 15: at most 5% more CPU per request with telemetry on). What an operator graphs stays:
    /// request durations and counts (server and client), connections, exceptions, rate limiting, MassTransit's counts,
    /// errors and durations, the runtime and the <c>Dashop</c> meter. A dropped instrument is never enabled, so its
    /// producer skips the measurement.
    /// </summary>
    public static readonly IReadOnlyList<string> DroppedInstruments =
    [
        "aspnetcore.memory_pool.*",          // every block rented and returned by Kestrel
        "aspnetcore.routing.match_attempts", // every request; http.server.request.duration carries the route
        "aspnetcore.authentication.*",       // every request's cookie and bearer checks
        "aspnetcore.authorization.*",
        "http.client.active_requests",       // up and down around every call; http.client.request.duration counts them
        "http.client.open_connections",      // up and down each time a pooled connection goes idle or busy
        "http.client.request.time_in_queue",
        "http.client.connection.duration",
        "messaging.masstransit.*.active",    // up and down around every receive, consume and handler
        "messaging.masstransit.receive",     // a second count and duration of every message: one consumer per queue here,
        "messaging.masstransit.receive.duration", // so consume's say the same (receive.errors stays: faults before a consumer)
    ];

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

        // Every health check's last result for the dashop.health gauge: a dependency that is down shows in Prometheus
        // without anyone opening the admin page.
        services.AddHealthChecks();
        services.AddSingleton<HealthMetricsPublisher>();
        services.AddSingleton<IHealthCheckPublisher>(sp => sp.GetRequiredService<HealthMetricsPublisher>());
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<MetricsOptions>>((o, metrics) =>
        {
            o.Delay = TimeSpan.FromSeconds(5);
            o.Period = TimeSpan.FromSeconds(metrics.Value.HealthPeriodSeconds);
        });

        // Spans with nowhere to go still cost CPU for every request, message and query (tags, timings, links): without an
        // exporter they are sampled out. They are still created as propagation-only activities, so trace ids flow from a
        // request through the bus to the consumer and into the log scopes. Telemetry:RecordTraces=true records them anyway
        // (for an exporter added in code, as the trace test does).
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var recordTraces = builder.Configuration.GetValue("Telemetry:RecordTraces", otlp);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("dashop", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(MassTransitSource);
                if (!recordTraces)
                {
                    // Only MassTransit's activities: its publish span carries the context into the message headers.
                    // The request's own activity comes from ASP.NET Core either way; database and HTTP client spans
                    // would be leaves that nobody records.
                    tracing.SetSampler(new PropagationOnlySampler());
                    return;
                }
                tracing.SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbeOrScrape(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation();
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(MassTransitSource, DashopMetrics.MeterName)
                    .AddPrometheusExporter();
                foreach (var instrument in DroppedInstruments)
                    metrics.AddView(instrument, MetricStreamConfiguration.Drop);
            });
        if (otlp)
            telemetry.UseOtlpExporter();
        if (!recordTraces)
        {
            // A consumer's activity would make every outgoing call (Ronglian, Weibo) start a client activity and write a
            // traceparent header for a third party that reads none: not when spans are not recorded.
            services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler((handler, _) =>
            {
                if (handler is SocketsHttpHandler sockets)
                    sockets.ActivityHeadersPropagator = null;
            }));
        }
        services.AddSingleton(new RunMode.Concern("telemetry", otlp ? "/metrics and OTLP" : "/metrics only"));
        return builder;
    }

    /// <summary>
    /// Every log line written while a request or a message is handled carries the trace id of the request that caused it
    /// (a consumer continues the publisher's trace). The <c>json</c> formatter is <see cref="JsonLogFormatter"/>: a UTC
    /// timestamp and <c>TraceId</c>/<c>SpanId</c> at the top of every line, whatever <c>IncludeScopes</c> says. The
    /// logger factory also adds <c>TraceId</c> and <c>SpanId</c> of the current activity as the outermost scope (only
    /// those two: <c>ParentId</c> is dropped, as is the cost of reading it), for the simple formatter's scopes.
    /// Independent of <c>Telemetry:Enabled</c>: ASP.NET Core starts a request's activity either way.
    /// </summary>
    private static void AddDashopLogCorrelation(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // The console provider takes the first formatter of a name: the built-in "json" one goes, this one takes its place.
        foreach (var builtIn in builder.Services.Where(d => d.ServiceType == typeof(ConsoleFormatter) && d.ImplementationType?.Name == "JsonConsoleFormatter").ToList())
            builder.Services.Remove(builtIn);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, JsonLogFormatter>());
    }

    /// <summary>
    /// <see cref="MetricsPath"/> for the allowed networks, ahead of everything but the forwarded headers (so the client's
    /// address is the one checked); anyone else goes on down the pipeline and meets the 404 of a path with no route.
    /// </summary>
    public static WebApplication UseDashopMetrics(this WebApplication app)
    {
        if (app.Services.GetService<MeterProvider>() is null)
            return app;
        // The product's instruments exist from the start, with their failure series at 0 (DashopMetrics).
        app.Services.GetRequiredService<DashopMetrics>();
        var allowed = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == MetricsPath && allowed.Allows(context.Connection.RemoteIpAddress));
        return app;
    }

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(MetricsPath);
}

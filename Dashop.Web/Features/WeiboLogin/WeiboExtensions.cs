using System.Threading.RateLimiting;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Dashop.Web.Features.WeiboLogin;

public static class WeiboExtensions
{
    private const int ProfileAttempts = 3;

    /// <summary>The rate-limit policy of <c>GET /v1/users/weibo/authorization</c> (<see cref="WeiboOptions.AuthorizationsPerMinutePerIp"/>).</summary>
    public const string AuthorizationRateLimit = "weibo-authorization";

    /// <summary>
    /// Weibo login (spec §3, §4, §8): the OAuth handler on the one external-login flow, the /v1 services, and the shared client. With no
    /// <c>Weibo:ClientId</c>, Development points everything at the built-in simulator and other environments have no Weibo login.
    /// </summary>
    public static WebApplicationBuilder AddDashopWeibo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("weibo"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopExternalLogin();
        var configuredOptions = builder.Configuration.Read<WeiboOptions>(WeiboOptions.SectionName);
        var configured = configuredOptions.Enabled;
        var simulated = !configured && builder.Environment.IsDevelopment();

        var weibo = services.AddValidatedOptions<WeiboOptions>(WeiboOptions.SectionName);
        if (simulated)
            weibo.PostConfigure<IOptions<AppOptions>>((o, app) => WeiboSimulator.PointAt(o, app.Value.PublicBaseUrl));
        services.AddProviderCheck<WeiboHealthCheck>("weibo");
        services.AddRateLimiter(o => o.AddPolicy(AuthorizationRateLimit, context =>
        {
            var perMinute = context.RequestServices.GetRequiredService<IOptions<WeiboOptions>>().Value.AuthorizationsPerMinutePerIp;
            return RateLimitPartition.GetFixedWindowLimiter(context.ClientIp(), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }));

        // No logging handlers: the profile URL carries the access token.
        services.AddHttpClient(WeiboClient.TokenClientName, (sp, http) => ConfigureHttp(sp, http, attempts: 1)).RemoveAllLoggers();
        services.AddHttpClient(WeiboClient.ApiClientName, (sp, http) => ConfigureHttp(sp, http, ProfileAttempts)).RemoveAllLoggers()
            .AddResilienceHandler("weibo-api", (pipeline, context) =>
            {
                var timeout = TimeSpan.FromSeconds(context.ServiceProvider.GetRequiredService<IOptions<WeiboOptions>>().Value.TimeoutSeconds);
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = ProfileAttempts - 1,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry).AddTimeout(timeout);
            });
        services.AddSingleton<WeiboClient>();
        services.AddSingleton<WeiboTickets>();
        services.AddScoped<WeiboFrontEndLogin>();
        if (builder.Environment.IsDevelopment())
            services.AddSingleton<WeiboSimulator>();

        if (configured || simulated)
        {
            builder.AddExternalLoginProvider<WeiboAuthenticationOptions, WeiboAuthenticationHandler>(WeiboDefaults.Scheme, "Weibo", (o, sp) =>
            {
                var w = sp.GetRequiredService<IOptions<WeiboOptions>>().Value;
                o.ClientId = w.ClientId;
                o.ClientSecret = w.ClientSecret;
                o.AuthorizationEndpoint = w.AuthorizationEndpoint;
                o.TokenEndpoint = w.TokenEndpoint;
                o.UserInformationEndpoint = w.UserInformationEndpoint;
            });
        }
        else
            builder.AddDashopExternalLogin();

        var mode = simulated ? $"simulator ({WeiboSimulator.BasePath})"
            : configured ? $"{new Uri(configuredOptions.AuthorizationEndpoint).Authority} (OAuth 2.0)"
            : "off (Weibo:ClientId is not set)";
        services.AddSingleton(new RunMode.Concern("weibo", mode));
        return builder;

        static void ConfigureHttp(IServiceProvider sp, HttpClient http, int attempts)
        {
            // Weibo:TimeoutSeconds per attempt (the resilience pipeline times each profile attempt), plus the retry delays.
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WeiboOptions>>().Value.TimeoutSeconds * attempts + attempts - 1);
            http.MaxResponseContentBufferSize = 1024 * 1024;
        }
    }
}

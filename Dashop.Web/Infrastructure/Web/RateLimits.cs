using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// Every request that hashes a password costs about 150 ms of a core (PBKDF2, 210,000 iterations). The built-in
/// rate limiter keeps one client from spending them all: per IP, per process. Lockout protects each account;
/// this protects the machine.
/// </summary>
public static class RateLimits
{
    public const string Passwords = "passwords";

    public static WebApplicationBuilder AddDashopRateLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("rate-limits"))
            return builder;
        builder.AddDashopLocalization();
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName);
        services.AddSingleton<SignedInPostLimiter>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Passwords, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.PasswordAttemptsPerMinutePerIp;
                return RateLimitPartition.GetTokenBucketLimiter(context.ClientIp(), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = perMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(RequestErrors.WriteAsync(rejected.HttpContext, RequestErrorKind.TooManyRequests,
                    "Too many attempts from your address; please wait a minute.", cancellationToken));
            };
        });
        return builder;
    }
}

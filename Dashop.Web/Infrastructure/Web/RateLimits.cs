using System.Threading.RateLimiting;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// Every request that hashes a password costs about 150 ms of a core (PBKDF2, 210,000 iterations). The built-in
/// rate limiter keeps one client from spending them all: per IP, per process. Lockout protects each account;
/// this protects the machine.
/// </summary>
public static class RateLimits
{
    public const string Passwords = "passwords";

    public static IServiceCollection AddDashopRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:PasswordAttemptsPerMinutePerIp", 30);
        if (perMinute < 1)
            throw new InvalidOperationException("RateLimits:PasswordAttemptsPerMinutePerIp must be at least 1.");

        return services.AddRateLimiter(o =>
        {
            o.AddPolicy(Passwords, context => RateLimitPartition.GetTokenBucketLimiter(context.ClientIp(), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = perMinute,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                const string message = "Too many attempts from your address; please wait a minute.";
                if (http.Request.Path.StartsWithSegments("/v1"))
                {
                    // The seed's envelope: HTTP 200 with the rate-limit code, so the front end shows the message.
                    http.Response.StatusCode = StatusCodes.Status200OK;
                    await http.Response.WriteAsJsonAsync(Features.Api.ApiResponses.Envelope(Features.Api.ApiCodes.RateLimited,
                        http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()[message]), cancellationToken);
                    return;
                }
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "60";
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()[message], cancellationToken);
            };
        });
    }
}

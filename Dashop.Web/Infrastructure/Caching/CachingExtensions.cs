using Microsoft.AspNetCore.DataProtection;
using Dashop.Web.Infrastructure.Security;
using StackExchange.Redis;
using Dashop.Web.Infrastructure.Health;

namespace Dashop.Web.Infrastructure.Caching;

public static class CachingExtensions
{
    /// <summary>
    /// Redis when <c>ConnectionStrings:Redis</c> is set (cache, atomic counters and data-protection keys
    /// shared by every instance), otherwise the in-process equivalents.
    /// </summary>
    public static WebApplicationBuilder AddDashopCaching(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("caching"))
            return builder;
        var redisConnection = builder.Configuration.GetConnectionString("Redis");
        services.AddValidatedOptions<CacheOptions>(CacheOptions.SectionName);
        var prefix = builder.Configuration.Read<CacheOptions>(CacheOptions.SectionName).InstanceName;
        var dataProtection = services.AddDataProtection().SetApplicationName("Dashop");
        services.AddReadinessCheck<CacheHealthCheck>("cache");
        if (KeyRingCertificate.Load(builder.Configuration, builder.Environment.ContentRootPath) is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
            services.AddSingleton(new RunMode.Concern("data-protection key encryption", $"certificate {certificate.Thumbprint}"));
        }

        if (!string.IsNullOrWhiteSpace(redisConnection))
        {
            var options = ConfigurationOptions.Parse(redisConnection);
            // Never block start-up on Redis, and fail fast when it is away: callers turn errors into clear answers.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
            // While disconnected, fail at once instead of queueing commands until a timeout: a Redis that is down
            // answers in milliseconds. The timeout is for a Redis that is up but slow, or a machine so busy (password
            // hashing saturates the cores) that answers wait for a thread: not so short that load alone trips it.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.SyncTimeout = Math.Min(options.SyncTimeout, 2500);
            options.AsyncTimeout = Math.Min(options.AsyncTimeout, 2500);
            var multiplexer = ConnectionMultiplexer.Connect(options);

            services.AddSingleton<IConnectionMultiplexer>(multiplexer);
            services.AddStackExchangeRedisCache(o =>
            {
                o.InstanceName = prefix;
                o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(multiplexer);
            });
            services.AddSingleton<IAtomicStore>(new RedisAtomicStore(multiplexer, prefix));
            services.AddSingleton<ILease>(new RedisLease(multiplexer, prefix));
            dataProtection.PersistKeysToStackExchangeRedis(multiplexer, prefix + "data-protection-keys");
            var cluster = multiplexer.GetServers().Any(s => s.ServerType == ServerType.Cluster);
            services.AddSingleton(new RunMode.Concern("cache", $"{(cluster ? "Redis Cluster" : "Redis")} ({options.EndPoints.FirstOrDefault()})"));
            services.AddSingleton(new RunMode.Concern("data-protection keys", "Redis"));
        }
        else
        {
            var keysPath = Path.Combine(AppOptions.ResolveDataPath(builder.Configuration, builder.Environment), "keys");
            services.AddDistributedMemoryCache();
            services.AddSingleton<IAtomicStore, MemoryAtomicStore>();
            services.AddSingleton<ILease, MemoryLease>();
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
            services.AddSingleton(new RunMode.Concern("cache", "in-process memory"));
            services.AddSingleton(new RunMode.Concern("data-protection keys", $"local folder ({keysPath})"));
        }
        return builder;
    }
}

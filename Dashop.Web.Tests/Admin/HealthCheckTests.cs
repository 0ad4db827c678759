using System.Net;
using System.Net.Sockets;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.WeiboLogin;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashop.Web.Tests.Admin;

/// <summary>Each dependency check, healthy against the real thing (or its loopback fake) and unhealthy against a closed port.</summary>
public sealed class HealthCheckTests
{
    private static readonly IHostEnvironment Development = new HostingEnvironment { EnvironmentName = Environments.Development };
    private static readonly IHostEnvironment Production = new HostingEnvironment { EnvironmentName = Environments.Production };

    private static async Task<HealthCheckResult> RunAsync(IHealthCheck check, string name = "check")
    {
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(name, check, HealthStatus.Unhealthy, null) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await check.CheckHealthAsync(context, timeout.Token);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // ---- database

    private static ServiceProvider Database(Action<DbContextOptionsBuilder> configure, bool postgres = false)
    {
        var services = new ServiceCollection();
        if (postgres)
            services.AddDbContext<DashopDbContext, PostgresDashopDbContext>(configure);
        else
            services.AddDbContext<DashopDbContext, SqliteDashopDbContext>(configure);
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task Database_is_healthy_when_SQLite_opens()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("dashop-health-").FullName, "health.db");
        await using var services = Database(o => o.UseSqlite($"Data Source={file}"));
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Database.EnsureCreatedAsync();

        var result = await RunAsync(new DatabaseHealthCheck(services.GetRequiredService<IServiceScopeFactory>()));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(result.Description, Does.StartWith("SQLite").And.Contain("health.db"));
    }

    [Test]
    [Category(TestCategories.Servers)]
    public async Task Database_is_healthy_when_PostgreSQL_answers()
    {
        await using var services = Database(o => o.UseNpgsql(TestServers.Postgres), postgres: true);
        var result = await RunAsync(new DatabaseHealthCheck(services.GetRequiredService<IServiceScopeFactory>()));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Description);
        Assert.That(result.Description, Does.StartWith("PostgreSQL"));
    }

    [Test]
    public async Task Database_is_unhealthy_when_PostgreSQL_is_not_there_and_the_password_is_not_shown()
    {
        await using var services = Database(o => o.UseNpgsql($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Password=fake-pg-secret-42;Timeout=3"), postgres: true);
        var result = await RunAsync(new DatabaseHealthCheck(services.GetRequiredService<IServiceScopeFactory>()));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.Contain("cannot connect").And.Not.Contain("fake-pg-secret-42"));
    }

    // ---- cache

    [Test]
    public async Task Cache_in_process_is_healthy()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var result = await RunAsync(new CacheHealthCheck(services));
        Assert.That((result.Status, result.Description), Is.EqualTo((HealthStatus.Healthy, "in-process memory")));
    }

    [Test]
    [Category(TestCategories.Servers)]
    public async Task Cache_is_healthy_when_Redis_answers_PING()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        await using var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(redis).BuildServiceProvider();
        var result = await RunAsync(new CacheHealthCheck(services));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Description);
        Assert.That(result.Description, Is.EqualTo($"Redis ({TestServers.Redis})"));
    }

    [Test]
    public async Task Cache_is_unhealthy_when_Redis_is_not_there()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{ClosedPort()}");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 500;
        options.AsyncTimeout = 500;
        options.SyncTimeout = 500; // the app caps all three at 1-2 s (CachingExtensions)
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        await using var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(redis).BuildServiceProvider();
        var result = await RunAsync(new CacheHealthCheck(services));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.Contain("unreachable"));
    }

    // ---- in-memory bus backlog

    [Test]
    public async Task Bus_backlog_is_degraded_while_full_and_healthy_again_when_a_place_frees()
    {
        using var backlog = InMemoryBacklog.Bounded(2);
        var check = new InMemoryBacklogHealthCheck(backlog);
        Assert.That((await RunAsync(check)).Description, Does.StartWith("0 of 2 messages waiting"));

        Assert.That(await backlog.EnterAsync(CancellationToken.None), Is.True);
        Assert.That(await backlog.EnterAsync(CancellationToken.None), Is.True);
        var full = await RunAsync(check);
        Assert.Multiple(() =>
        {
            Assert.That(full.Status, Is.EqualTo(HealthStatus.Degraded));
            Assert.That(full.Description, Does.StartWith("2 of 2 messages waiting").And.Contain("Messaging:InMemoryBacklog"));
        });

        backlog.Leave();
        var after = await RunAsync(check);
        Assert.That((after.Status, after.Description), Is.EqualTo((HealthStatus.Healthy, "1 of 2 messages waiting in memory for a consumer")));
    }

    // ---- broker and bus

    [Test]
    [Category(TestCategories.Servers)]
    public async Task Broker_is_healthy_when_RabbitMQ_opens_a_channel_and_the_connection_is_kept()
    {
        await using var broker = new RabbitMqCheckConnection(new Uri(TestServers.RabbitMq));
        await using var services = new ServiceCollection().BuildServiceProvider();
        var first = await RunAsync(new BrokerHealthCheck(broker, services));
        var connection = await broker.GetAsync(CancellationToken.None);
        var second = await RunAsync(new BrokerHealthCheck(broker, services));

        Assert.That(first.Status, Is.EqualTo(HealthStatus.Healthy), first.Description);
        Assert.That(second.Status, Is.EqualTo(HealthStatus.Healthy), second.Description);
        Assert.That(await broker.GetAsync(CancellationToken.None), Is.SameAs(connection));
        Assert.That(first.Description, Does.StartWith("RabbitMQ (127.0.0.1:").And.Not.Contain("guest"));
    }

    [Test]
    public async Task Broker_is_unhealthy_when_RabbitMQ_is_not_there_and_the_password_is_not_shown()
    {
        await using var broker = new RabbitMqCheckConnection(new Uri($"amqp://dashop:fake-mq-secret-42@127.0.0.1:{ClosedPort()}/"));
        await using var services = new ServiceCollection().BuildServiceProvider();
        var result = await RunAsync(new BrokerHealthCheck(broker, services));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.Not.Contain("fake-mq-secret-42").And.Not.Contain("dashop:"));
    }

    [Test]
    public async Task Bus_check_is_MassTransits_own_named_with_the_transport_and_part_of_readiness()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new RunMode([new RunMode.Concern("bus", "MassTransit in-memory")]));
        services.AddMassTransit(x => x.UsingInMemory());
        services.PostConfigure<HealthCheckServiceOptions>(MessagingExtensions.NameTheBusTransport);
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        var before = (await health.CheckHealthAsync()).Entries["masstransit-bus"];
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        try
        {
            var started = (await health.CheckHealthAsync()).Entries["masstransit-bus"];
            Assert.Multiple(() =>
            {
                Assert.That(before.Status, Is.EqualTo(HealthStatus.Unhealthy));
                Assert.That(before.Description, Does.StartWith("MassTransit in-memory: Not ready"));
                Assert.That(started.Status, Is.EqualTo(HealthStatus.Healthy));
                Assert.That(started.Description, Is.EqualTo("MassTransit in-memory: Ready"));
                Assert.That(started.Tags, Does.Contain(HealthTags.Ready));
            });
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    // ---- SMS provider

    private static SmsProviderHealthCheck Sms(SmsProvider provider, RonglianOptions ronglian, IHostEnvironment environment)
    {
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new SmsProviderHealthCheck(Options.Create(new SmsOptions { Provider = provider }), Options.Create(ronglian), http, environment);
    }

    private static RonglianOptions Ronglian(string baseUrl) => new()
    {
        BaseUrl = baseUrl,
        AccountSid = FakeRonglianServer.AccountSid,
        AuthToken = FakeRonglianServer.AuthToken,
        AppId = FakeRonglianServer.AppId,
        TemplateId = FakeRonglianServer.TemplateId,
    };

    [Test]
    public async Task Sms_is_healthy_when_Ronglian_answers_and_nothing_is_sent()
    {
        await using var fake = await FakeRonglianServer.StartAsync();
        var result = await RunAsync(Sms(SmsProvider.Ronglian, Ronglian(fake.BaseUrl), Development));

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Description);
        Assert.That(result.Description, Does.StartWith("Ronglian Cloud (127.0.0.1:").And.Contain("reachable"));
        Assert.That(result.Description, Does.Not.Contain(FakeRonglianServer.AuthToken).And.Not.Contain(FakeRonglianServer.AccountSid));
        Assert.That(fake.Requests, Is.Zero, "the probe must never reach TemplateSMS");
    }

    [Test]
    public async Task Sms_is_unhealthy_when_Ronglian_is_unreachable()
    {
        var result = await RunAsync(Sms(SmsProvider.Ronglian, Ronglian($"http://127.0.0.1:{ClosedPort()}"), Development));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.Contain("unreachable"));
    }

    [Test]
    public async Task Sms_is_unhealthy_when_a_Ronglian_key_is_missing()
    {
        var options = Ronglian("https://app.cloopen.com:8883");
        options.AuthToken = "";
        var result = await RunAsync(Sms(SmsProvider.Ronglian, options, Development));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.Contain("Sms:Ronglian:AuthToken"));
    }

    [Test]
    public async Task Sms_dev_inbox_is_healthy_in_Development_only()
    {
        var development = await RunAsync(Sms(SmsProvider.DevInbox, new RonglianOptions(), Development));
        var production = await RunAsync(Sms(SmsProvider.DevInbox, new RonglianOptions(), Production));
        Assert.That((development.Status, development.Description), Is.EqualTo((HealthStatus.Healthy, "dev inbox (/dev/inbox)")));
        Assert.That(production.Status, Is.EqualTo(HealthStatus.Unhealthy));
    }

    // ---- SMTP

    private static SmtpHealthCheck Smtp(EmailProvider provider, SmtpOptions smtp, IHostEnvironment? environment = null) =>
        new(Options.Create(new EmailOptions { Provider = provider }), Options.Create(smtp), environment ?? Development);

    [Test]
    public async Task Smtp_is_healthy_when_the_server_answers_EHLO_and_no_mail_is_sent()
    {
        await using var server = await FakeSmtpServer.CreateAsync();
        var result = await RunAsync(Smtp(EmailProvider.Smtp, new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, Password = "fake-smtp-secret-42" }));

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Description);
        Assert.That(result.Description, Is.EqualTo($"SMTP 127.0.0.1:{server.Port} (None): EHLO accepted"));
        Assert.That(server.Messages, Is.Empty);
    }

    [Test]
    public async Task Smtp_is_unhealthy_when_the_port_is_closed()
    {
        await using var server = await FakeSmtpServer.CreateAsync(start: false);
        var result = await RunAsync(Smtp(EmailProvider.Smtp, new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, Password = "fake-smtp-secret-42" }));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.StartWith($"SMTP 127.0.0.1:{server.Port}").And.Not.Contain("fake-smtp-secret-42"));
    }

    [Test]
    public async Task Smtp_is_unhealthy_without_a_host_and_the_dev_inbox_is_healthy_in_Development()
    {
        var noHost = await RunAsync(Smtp(EmailProvider.Smtp, new SmtpOptions { Host = "" }));
        var devInbox = await RunAsync(Smtp(EmailProvider.DevInbox, new SmtpOptions()));
        Assert.That(noHost.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(noHost.Description, Does.Contain("Smtp:Host"));
        Assert.That(devInbox.Status, Is.EqualTo(HealthStatus.Healthy));
    }

    // ---- Weibo

    private static WeiboHealthCheck Weibo(WeiboOptions options) => new(Options.Create(options));

    private static WeiboOptions WeiboSettings(string tokenEndpoint) => new()
    {
        ClientId = "1234567890",
        ClientSecret = "fake-weibo-secret-42",
        TokenEndpoint = tokenEndpoint,
    };

    [Test]
    public async Task Weibo_is_healthy_when_the_token_endpoint_accepts_a_connection()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var result = await RunAsync(Weibo(WeiboSettings($"http://127.0.0.1:{port}/oauth2/access_token")));
            Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Description);
            Assert.That(result.Description, Does.Contain($"127.0.0.1:{port}").And.Not.Contain("fake-weibo-secret-42"));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Test]
    public async Task Weibo_is_unhealthy_when_the_token_endpoint_is_unreachable()
    {
        var result = await RunAsync(Weibo(WeiboSettings($"http://127.0.0.1:{ClosedPort()}/oauth2/access_token")));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.Contain("unreachable"));
    }

    [Test]
    public async Task Weibo_without_a_client_id_is_degraded_and_the_simulator_is_healthy()
    {
        var simulated = new WeiboOptions();
        WeiboSimulator.PointAt(simulated, "http://127.0.0.1:1");
        var development = await RunAsync(Weibo(simulated));
        var production = await RunAsync(Weibo(new WeiboOptions()));
        Assert.That(development.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(development.Description, Does.Contain("simulator"));
        Assert.That(production.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(production.Description, Does.Contain("Weibo:ClientId"));
    }
}

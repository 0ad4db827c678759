using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Dashop.Web.Infrastructure.Security;

namespace Dashop.Web.Tests.Support;

/// <summary>
/// One Dashop host per fixture: its own SQLite file (or PostgreSQL database), cache key prefix and queue names,
/// so fixtures can run in parallel on the same Redis and RabbitMQ.
/// </summary>
public sealed class DashopFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _kestrel;
    private readonly Action<IServiceCollection>? _services;
    private readonly int _kestrelPort;

    public string DataPath { get; }
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..10];
    public FakeTimeProvider? FakeTime { get; }
    public BusRecorder Bus { get; } = new();
    public ConcurrentQueue<string> Logs { get; } = new();
    public Backend Backend { get; }

    /// <summary>The test hosts' PBKDF2 iterations (allowed in Development only; see <c>SecurityOptions.PasswordHashIterations</c>).</summary>
    public const string FastHashIterations = "1000";

    /// <summary>For a fixture about the hash itself (its stored iteration count, its cost): production's count.</summary>
    public static readonly IReadOnlyDictionary<string, string?> RealHashSettings = new Dictionary<string, string?>
    {
        ["Security:PasswordHashIterations"] = SecurityOptions.DefaultPasswordHashIterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public DashopFactory(Backend backend, FakeRonglianServer? ronglian, IDictionary<string, string?>? settings = null,
        bool fakeTime = false, bool kestrel = false, string environment = "Development", Action<IServiceCollection>? services = null)
    {
        Backend = backend;
        _services = services;
        _kestrel = kestrel;
        if (kestrel)
        {
            // A fixed free port, known before start, so that links in e-mails can name the real address.
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            _kestrelPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            UseKestrel(_kestrelPort);
        }
        _environment = environment;
        DataPath = Directory.CreateTempSubdirectory("dashop-test-").FullName;
        FakeTime = fakeTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;

        _settings = new Dictionary<string, string?>
        {
            ["App:DataPath"] = DataPath,
            ["App:PublicBaseUrl"] = kestrel ? $"http://127.0.0.1:{_kestrelPort}" : "http://localhost",
            // Tests speak plain HTTP on loopback, also as Production.
            ["App:AllowHttp"] = "true",
            ["Jwt:SigningKey"] = "test-signing-key-0123456789-0123456789-abcdef",
            ["Cache:InstanceName"] = $"t{InstanceId}:",
            ["Messaging:Prefix"] = $"t{InstanceId}",
            ["Sms:MaxPerIpPerHour"] = "100000",
            ["Sms:MaxPerPhonePerDay"] = "1000",
            ["Sms:MaxPerHour"] = "1000000",
            ["RateLimits:PasswordAttemptsPerMinutePerIp"] = "100000",
            ["RateLimits:AccountPostsPerMinute"] = "100000",
            ["RateLimits:AccountPostsPerMinutePerIp"] = "100000",
            ["Weibo:AuthorizationsPerMinutePerIp"] = "100000",
            // Fixtures run in parallel on two cores: a hash may wait its turn, but never long enough to be refused.
            ["Security:PasswordHashWait"] = "00:02:00",
            ["Email:Provider"] = "DevInbox",
        };
        // The suite hashes thousands of passwords (every registration, sign-in and password check): at production's
        // 210,000 iterations that was the largest CPU cost of the run. Outside Development so few are refused; the tests
        // about the hash's cost or its stored count set the real count back (RealHashSettings).
        if (environment == "Development")
            _settings["Security:PasswordHashIterations"] = FastHashIterations;
        if (ronglian is not null)
        {
            _settings["Sms:Provider"] = "Ronglian";
            _settings["Sms:Ronglian:BaseUrl"] = ronglian.BaseUrl;
            _settings["Sms:Ronglian:AccountSid"] = FakeRonglianServer.AccountSid;
            _settings["Sms:Ronglian:AuthToken"] = FakeRonglianServer.AuthToken;
            _settings["Sms:Ronglian:AppId"] = FakeRonglianServer.AppId;
            _settings["Sms:Ronglian:TemplateId"] = FakeRonglianServer.TemplateId;
            _settings["Sms:Ronglian:TimeoutSeconds"] = "2";
        }
        if (backend == Backend.Postgres)
        {
            _settings["Database:Provider"] = "Postgres";
            _settings["ConnectionStrings:Dashop"] = $"{TestServers.Postgres};Database=dashop_{InstanceId}";
        }
        if (backend is Backend.Servers or Backend.Postgres or Backend.Cluster)
        {
            _settings["ConnectionStrings:Redis"] = backend == Backend.Cluster ? TestServers.RedisCluster : TestServers.Redis;
            _settings["ConnectionStrings:RabbitMq"] = TestServers.RabbitMq;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    private readonly string _environment;

    /// <summary>Whether the host listens on a real port (kestrel: true).</summary>
    public bool IsKestrel => _kestrel;

    /// <summary>The address of the real Kestrel server (only with kestrel: true), for the browser.</summary>
    public string ServerAddress
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }

    private readonly Lock _clientsGate = new();

    /// <summary>
    /// As the base's, but safe when fixtures that share this host (see <see cref="SharedHosts"/>) ask for clients at the
    /// same time: the base keeps its clients in a plain list.
    /// </summary>
    public new HttpClient CreateClient()
    {
        lock (_clientsGate)
            return base.CreateClient();
    }

    /// <inheritdoc cref="CreateClient()"/>
    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        lock (_clientsGate)
            return base.CreateClient(options);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new ListLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            if (FakeTime is not null)
                services.AddSingleton<TimeProvider>(FakeTime);
            services.AddPublishObserver(_ => Bus);
            services.AddConsumeObserver(_ => Bus);
            _services?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

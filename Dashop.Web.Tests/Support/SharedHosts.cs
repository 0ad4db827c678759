using System.Collections.Concurrent;
using Dashop.Web.Tests.Fakes;

namespace Dashop.Web.Tests.Support;

/// <summary>
/// The hosts that fixtures share when they need only the default configuration (as Contoso University's SliceFixture
/// and eShop's OrderingApiFixture): one per backend, started on first use and disposed once at the end of the run by
/// <see cref="SharedHostsTeardown"/>. A fixture on a shared host isolates itself by its data (<see cref="TestData"/>'s
/// phones, usernames and addresses), never disposes the host, never scripts or resets the shared fakes, and never
/// counts what another fixture may do at the same time; a test that needs any of that keeps its own host.
/// Fixtures run in parallel (AssemblyInfo.cs: ParallelScope.Fixtures), so those on one shared host do too; the tests of
/// one fixture run one after another.
/// </summary>
public static class SharedHosts
{
    private static readonly Lazy<Task<FakeRonglianServer>> SharedRonglian = new(() => Detached(FakeRonglianServer.StartAsync));
    private static readonly Lazy<Task<FakeSmtpServer>> SharedSmtp = new(() => Detached(() => FakeSmtpServer.CreateAsync()));
    private static readonly ConcurrentDictionary<(Backend, bool Kestrel), Lazy<Task<HostWithFakes>>> WithFakes = new();
    private static readonly Lazy<Task<DashopFactory>> SharedDevelopment = new(() =>
        StartedAsync(new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?> { ["Sms:Provider"] = "DevInbox" })));

    /// <summary>The Ronglian fake of every fixture that tells its messages apart by phone (and never scripts answers).</summary>
    public static Task<FakeRonglianServer> RonglianAsync() => SharedRonglian.Value;

    /// <summary>The SMTP fake of every fixture that tells its messages apart by address.</summary>
    public static Task<FakeSmtpServer> SmtpAsync() => SharedSmtp.Value;

    /// <summary>
    /// The shared host on <paramref name="backend"/> that sends SMS through the shared Ronglian fake and e-mail through
    /// the shared SMTP fake, with <see cref="DashopFactory"/>'s default settings otherwise; <paramref name="kestrel"/>
    /// for the one on a real port (the browser tests').
    /// </summary>
    public static Task<HostWithFakes> WithFakesAsync(Backend backend, bool kestrel = false) =>
        WithFakes.GetOrAdd((backend, kestrel), key => new Lazy<Task<HostWithFakes>>(() => StartAsync(key.Item1, key.Kestrel))).Value;

    /// <summary>
    /// A host of the fixture's own (it disposes it) on the shared fakes: for a fixture that needs its own settings, a
    /// <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> or its own services, but tells its messages apart by phone and address.
    /// </summary>
    public static async Task<HostWithFakes> OwnHostAsync(Backend backend, IDictionary<string, string?>? settings = null, bool fakeTime = false,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var ronglian = await RonglianAsync();
        var smtp = await SmtpAsync();
        var all = smtp.Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        return new HostWithFakes(new DashopFactory(backend, ronglian, all, fakeTime: fakeTime, services: services), ronglian, smtp);
    }

    /// <summary>An embedded host as <c>dotnet run</c> in Development has it: SMS and e-mail go to the dev inbox.</summary>
    public static Task<DashopFactory> DevelopmentAsync() => SharedDevelopment.Value;

    private static async Task<HostWithFakes> StartAsync(Backend backend, bool kestrel)
    {
        var ronglian = await RonglianAsync();
        var smtp = await SmtpAsync();
        // The constructor reads the servers' addresses while the calling fixture (and its category) is current.
        var factory = new DashopFactory(backend, ronglian, smtp.Settings(), kestrel: kestrel);
        return new HostWithFakes(await StartedAsync(factory), ronglian, smtp);
    }

    /// <summary>Starts the host before any fixture shares it, so that parallel fixtures never race to start it.</summary>
    private static Task<DashopFactory> StartedAsync(DashopFactory factory) => Detached(() =>
    {
        _ = factory.Services;
        if (factory.IsKestrel)
            _ = factory.ServerAddress;
        return Task.FromResult(factory);
    });

    /// <summary>
    /// Runs a start outside the execution context of the fixture that happened to ask first: a shared server's
    /// background work must not keep (and write its output to) that fixture's test context.
    /// </summary>
    private static Task<T> Detached<T>(Func<Task<T>> start)
    {
        using (ExecutionContext.SuppressFlow())
            return Task.Run(start);
    }

    internal static async Task DisposeAllAsync()
    {
        foreach (var host in WithFakes.Values.Where(h => h.IsValueCreated))
        {
            if (await Completed(host.Value) is { } shared)
                await shared.Factory.DisposeAsync();
        }
        if (SharedDevelopment.IsValueCreated && await Completed(SharedDevelopment.Value) is { } development)
            await development.DisposeAsync();
        if (SharedSmtp.IsValueCreated && await Completed(SharedSmtp.Value) is { } smtp)
            await smtp.DisposeAsync();
        if (SharedRonglian.IsValueCreated && await Completed(SharedRonglian.Value) is { } ronglian)
            await ronglian.DisposeAsync();
    }

    /// <summary>A start that failed has failed its fixtures already; there is nothing of it to dispose.</summary>
    private static async Task<T?> Completed<T>(Task<T> start) where T : class
    {
        try
        {
            return await start;
        }
        catch (Exception) when (start.IsFaulted || start.IsCanceled)
        {
            return null;
        }
    }
}

namespace Dashop.Web.Tests.Support;

/// <summary>The real servers that ./test.sh starts (scripts/services.sh) and names in environment variables.</summary>
public static class TestServers
{
    public static string Redis => Required("DASHOP_TEST_REDIS");

    /// <summary>The nodes of a three-master Redis Cluster, comma-separated, as <c>ConnectionStrings:Redis</c> takes them.</summary>
    public static string RedisCluster => Required("DASHOP_TEST_REDIS_CLUSTER");
    public static string RabbitMq => Required("DASHOP_TEST_RABBITMQ");
    public static string Postgres => Required("DASHOP_TEST_POSTGRES");

    /// <summary>MariaDB, the source of the import-dadashop tests: a connection string without a database.</summary>
    public static string MariaDb => Required("DASHOP_TEST_MARIADB");

    /// <summary>
    /// The Prometheus binary (Debian's package, which test.sh installs and names in DASHOP_TEST_PROMETHEUS; else the one
    /// on PATH); a test starts its own server, see <see cref="PrometheusServer"/>.
    /// </summary>
    public static string Prometheus
    {
        get
        {
            TestCategories.Require(TestCategories.Servers);
            if (Environment.GetEnvironmentVariable("DASHOP_TEST_PROMETHEUS") is { Length: > 0 } named)
                return named;
            return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, "prometheus")).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("DASHOP_TEST_PROMETHEUS is not set and no prometheus is on PATH: run the tests through ./test.sh, which installs Debian's prometheus.");
        }
    }

    public static string Required(string name)
    {
        TestCategories.Require(TestCategories.Servers);
        return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts Redis, a Redis Cluster, RabbitMQ, PostgreSQL and MariaDB.");
    }

    /// <summary>
    /// Runs one of the control scripts test.sh writes (stop/start Redis, stop/start one cluster master given its port,
    /// rabbitmqctl) and returns what it printed.
    /// </summary>
    public static async Task<string> RunAsync(string variable, string arguments = "")
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Required(variable), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{variable} {arguments} exited with {process.ExitCode}: {await errors}");
        return await output;
    }

    /// <summary>
    /// Waits until RabbitMQ holds no message, ready or unacknowledged, in the queues whose names start with
    /// <paramref name="prefix"/> (a host's Messaging:Prefix). A message is acknowledged after its consume has ended,
    /// so then nothing of those queues is being consumed or can be delivered again.
    /// </summary>
    public static Task WaitUntilRabbitQueuesAreEmptyAsync(string prefix, TimeSpan? timeout = null) =>
        Eventually.That(async () =>
        {
            var listing = await RunAsync("DASHOP_TEST_RABBITMQCTL", "-q list_queues --no-table-headers name messages");
            var ours = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length == 2 && fields[0].StartsWith(prefix, StringComparison.Ordinal))
                .ToList();
            return ours.Count > 0 && ours.All(fields => fields[1] == "0");
        }, timeout);
}

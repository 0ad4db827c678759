namespace Dashop.Web.Tests.Infrastructure;

/// <summary>The real servers that ./test.sh starts (scripts/services.sh) and names in environment variables.</summary>
public static class TestServers
{
    public static string Redis => Required("DASHOP_TEST_REDIS");
    public static string RabbitMq => Required("DASHOP_TEST_RABBITMQ");
    public static string Postgres => Required("DASHOP_TEST_POSTGRES");

    /// <summary>MariaDB, the source of the import-dadashop tests: a connection string without a database.</summary>
    public static string MariaDb => Required("DASHOP_TEST_MARIADB");

    public static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts Redis, RabbitMQ, PostgreSQL and MariaDB.");

    /// <summary>Runs one of the control scripts test.sh writes (stop/start Redis, rabbitmqctl).</summary>
    public static async Task RunAsync(string variable, string arguments = "")
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Required(variable), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{variable} {arguments} exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
    }
}

/// <summary>Which implementations a test host uses: the embedded defaults or the real servers.</summary>
public enum Backend
{
    /// <summary>SQLite, in-process cache, in-memory bus: what <c>dotnet run</c> uses.</summary>
    Embedded,

    /// <summary>SQLite with real Redis and RabbitMQ.</summary>
    Servers,

    /// <summary>PostgreSQL, Redis and RabbitMQ: the scale-out configuration.</summary>
    Postgres,
}

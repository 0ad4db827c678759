using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Dashop.Web.Tests.Support;

/// <summary>
/// A real Prometheus (the binary in <c>DASHOP_TEST_PROMETHEUS</c>, which scripts/services.sh installs) scraping one
/// target every second, on a free loopback port, with its configuration and data in its own temporary folder. Started
/// by a test once the app's port is known; stopped and deleted on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Job = "dashop";

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>
    /// Starts Prometheus scraping <c>http://<paramref name="target"/>/metrics</c> (host:port) and waits until it is ready;
    /// with <paramref name="ruleFile"/>, it evaluates those rules every second.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string target, string? ruleFile = null)
    {
        var binary = TestServers.Prometheus;
        var folder = Directory.CreateTempSubdirectory("dashop-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        var rules = ruleFile is null ? "" : $"rule_files: ['{ruleFile}']";
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            {rules}
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target}']
            """);
        var port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start");
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!await Eventually.Within(TimeSpan.FromSeconds(30), server.IsReadyAsync, () => process.HasExited))
        {
            await server.DisposeAsync();
            Assert.Fail($"Prometheus did not become ready on port {port}: {server.Output}");
        }
        return server;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>An instant query (<c>/api/v1/query</c>): each series of the vector with its labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var json = await _http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("success"), json);
        return root.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(series => (
                (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Every rule of the loaded rule files (<c>/api/v1/rules</c>): its name, health (ok, err, unknown) and last error.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string? LastError)>> RulesAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("api/v1/rules"));
        return document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("health").GetString()!,
                r.TryGetProperty("lastError", out var error) ? error.GetString() : null))
            .ToList();
    }

    /// <summary>The value of a query that yields one series (or none: null).</summary>
    public async Task<double?> ScalarAsync(string promql) => (await QueryAsync(promql)) switch
    {
        [] => null,
        [var one] => one.Value,
        var many => throw new AssertionException($"{promql} gave {many.Count} series"),
    };

    /// <summary>Waits until Prometheus holds a successful scrape of the target that began after <paramref name="afterUtc"/>.</summary>
    public Task WaitForScrapeAfterAsync(DateTimeOffset afterUtc) =>
        Eventually.That(async () =>
        {
            var at = await ScalarAsync($"timestamp(up{{job=\"{Job}\"}} == 1)");
            return at is { } seconds && seconds > afterUtc.ToUnixTimeMilliseconds() / 1000.0;
        }, TimeSpan.FromSeconds(30));

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("-/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

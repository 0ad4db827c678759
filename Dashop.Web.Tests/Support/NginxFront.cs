using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashop.Web.Tests.Support;

/// <summary>
/// Debian's nginx (scripts/services.sh installs it) as a round-robin reverse proxy on a loopback port, in front of
/// app instances whose ports are known only when a fixture starts them. Its configuration, pid, logs and temporary
/// files all live in one temporary folder; <see cref="DisposeAsync"/> stops it with <c>-s quit</c>.
/// Every answer carries <see cref="UpstreamHeader"/>: which instance served it.
/// </summary>
public sealed class NginxFront : IAsyncDisposable
{
    public const string UpstreamHeader = "X-Test-Upstream";

    private readonly Process _process;
    private readonly string _folder;

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    private NginxFront(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    /// <summary>A free loopback port, to give the proxy's address to the instances before they start.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public static async Task<NginxFront> StartAsync(int port, IEnumerable<int> upstreamPorts)
    {
        TestCategories.Require(TestCategories.Servers);
        var nginx = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: run the tests through ./test.sh (scripts/services.sh installs it).");
        var folder = Directory.CreateTempSubdirectory("dashop-nginx-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), Configuration(folder, port, upstreamPorts));

        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log") })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var front = new NginxFront(process, folder, port);
        if (!await Eventually.Within(TimeSpan.FromSeconds(15), front.AcceptsAsync, () => process.HasExited))
        {
            var errors = await process.StandardError.ReadToEndAsync();
            var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
            await front.DisposeAsync();
            throw new InvalidOperationException($"nginx did not start on 127.0.0.1:{port}: {errors} {log}");
        }
        return front;
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The proxy settings compose.yaml's nginx uses too (the client's address, Host and scheme passed on).</summary>
    public const string ProxyConfig = "deploy/nginx/dashop-proxy.conf";

    public static string ProxyConfigPath => Path.Combine(RepositoryFiles.Root, ProxyConfig);

    /// <summary>
    /// The proxy as production would run it, less TLS: <see cref="ProxyConfig"/>, round robin over the instances, and
    /// the upstream's address in a header for the tests. Paths are all inside the folder (no root paths).
    /// </summary>
    private static string Configuration(string folder, int port, IEnumerable<int> upstreamPorts)
    {
        // The master runs as whoever started it; as root its workers would otherwise switch to an account that
        // cannot write to this folder.
        var user = Environment.IsPrivilegedProcess ? "user root;" : "";
        var servers = string.Concat(upstreamPorts.Select(p => $"        server 127.0.0.1:{p};\n"));
        return $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            events { worker_connections 2048; }
            http {
                log_format upstream '$upstream_addr';
                access_log {{folder}}/access.log upstream;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                upstream dashop {
            {{servers}}        keepalive 16;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        include {{ProxyConfigPath}};
                        add_header {{UpstreamHeader}} $upstream_addr always;
                    }
                }
            }
            """;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            var quit = new ProcessStartInfo(_process.StartInfo.FileName) { RedirectStandardError = true };
            foreach (var argument in new[] { "-p", _folder, "-c", Path.Combine(_folder, "nginx.conf"), "-e", Path.Combine(_folder, "error.log"), "-s", "quit" })
                quit.ArgumentList.Add(argument);
            using (var signal = Process.Start(quit)!)
                await signal.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
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

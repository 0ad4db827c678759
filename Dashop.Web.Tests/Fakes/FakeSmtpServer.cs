using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace Dashop.Web.Tests.Fakes;

/// <summary>A real SMTP server on loopback (the SmtpServer package) that keeps what MailKit sends it.</summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly Store _store = new();
    private readonly Filter _filter = new();
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages => _store.Messages;

    /// <summary>Recipients answered 550 (mailbox unavailable).</summary>
    public ConcurrentDictionary<string, bool> RejectedRecipients => _filter.Rejected;

    private FakeSmtpServer(int port) => Port = port;

    /// <summary>A server on a free port; <paramref name="start"/> false leaves the port closed (SMTP "down") until <see cref="StartAsync"/>.</summary>
    public static async Task<FakeSmtpServer> CreateAsync(bool start = true)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var fake = new FakeSmtpServer(port);
        if (start)
            await fake.StartAsync();
        return fake;
    }

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        services.Add(_filter);
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        // Accepting once shows the listener is up.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>The settings that send a host's e-mail to this server.</summary>
    public Dictionary<string, string?> Settings() => Settings(Port);

    /// <summary>The settings that send a host's e-mail to an SMTP server on loopback and <paramref name="port"/>.</summary>
    public static Dictionary<string, string?> Settings(int port) => new()
    {
        ["Email:Provider"] = "Smtp",
        ["Email:From"] = "shop@dashop.test",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:TimeoutSeconds"] = "3",
    };

    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async Task<MimeMessage> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var messages = To(address);
            if (messages.Count >= count)
                return messages[count - 1];
            await Task.Delay(25);
        }
        throw new TimeoutException($"No e-mail #{count} reached {address} in time.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            _server.Shutdown();
            await _server.ShutdownTask;
            await _stop!.CancelAsync();
            try
            {
                await _running!;
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
        }
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter : MailboxFilter
    {
        public ConcurrentDictionary<string, bool> Rejected { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!Rejected.ContainsKey($"{to.User}@{to.Host}"));
    }
}

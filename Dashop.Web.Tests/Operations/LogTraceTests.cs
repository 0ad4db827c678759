using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dashop.Contracts;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Dashop.Web.Tests.Operations;

/// <summary>
/// Every log line about a delivery or a sign-in carries the trace id of the request that caused it at its top level, as the
/// JSON console formatter writes it: the lines are formatted by the app's own <c>json</c> formatter, with scopes turned
/// off in configuration, and each request comes with a <c>traceparent</c> whose trace id the test chose. Over the in-memory bus
/// and over RabbitMQ, where the trace context must travel in the message headers.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
public sealed class LogTraceTests(Backend backend)
{
    private static readonly Dictionary<string, string?> JsonLogs = new()
    {
        ["Logging:Console:FormatterName"] = "json",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = "false",
    };

    [Test]
    public async Task The_lines_of_an_sms_delivery_from_request_to_consumer_carry_the_requests_trace_id()
    {
        var lines = new ConcurrentQueue<JsonLogLine>();
        var ronglian = await SharedHosts.RonglianAsync();
        await using var factory = new DashopFactory(backend, ronglian, JsonLogs, services: s => JsonLogRecorder.Add(s, lines));
        using var client = factory.CreateClient();
        var phone = TestData.Phone();

        var trace = ActivityTraceId.CreateRandom().ToHexString();
        var body = await PostAsync(client, "/v1/users/sms/code", new { phone }, trace);
        Assert.That(body.Code(), Is.EqualTo(200));
        await ronglian.WaitForCodeAsync(phone);
        var deliveryId = (await factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone.EndsWith(phone, StringComparison.Ordinal))).Single().DeliveryId.ToString();

        JsonLogLine[] delivery = [];
        await Eventually.That(() =>
        {
            delivery = lines.Where(l => l.State("DeliveryId") == deliveryId).ToArray();
            return Task.FromResult(delivery.Any(l => l.Category == typeof(SendSmsCodeConsumer).FullName));
        });

        Assert.Multiple(() =>
        {
            Assert.That(delivery.Select(l => l.Category), Does.Contain(typeof(SmsCodeService).FullName), "the request's line");
            Assert.That(delivery.Select(l => l.Category), Does.Contain(typeof(SendSmsCodeConsumer).FullName), "the consumer's line");
            foreach (var line in delivery)
                Assert.That(line.TraceId, Is.EqualTo(trace), line.Text);
        });
    }

    [Test]
    public async Task The_lines_of_a_failed_and_a_good_sign_in_carry_their_requests_trace_ids()
    {
        var lines = new ConcurrentQueue<JsonLogLine>();
        await using var factory = new DashopFactory(backend, ronglian: null, JsonLogs, services: s => JsonLogRecorder.Add(s, lines));
        using var client = factory.CreateClient();
        var username = await AdminSession.NewUserAsync(factory);
        string userId;
        await using (var scope = factory.Services.CreateAsyncScope())
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>().FindByNameAsync(username))!.Id;

        var failedTrace = ActivityTraceId.CreateRandom().ToHexString();
        var goodTrace = ActivityTraceId.CreateRandom().ToHexString();
        var failed = await PostAsync(client, "/v1/tokens", new { username, password = TestData.Password + "-wrong" }, failedTrace);
        var good = await PostAsync(client, "/v1/tokens", new { username, password = TestData.Password }, goodTrace);
        Assert.That(failed.Code(), Is.Not.EqualTo(200), "a wrong password");
        Assert.That(good.Code(), Is.EqualTo(200), "the right one");

        // The host is this test's own, and the account was made without signing in: these are its only sign-ins.
        var signIns = lines.Where(l => l.Category == typeof(SignInLog).FullName).ToArray();
        Assert.That(signIns.Select(l => (l.State("Outcome"), l.State("UserId"), l.TraceId)), Is.EquivalentTo(new[]
        {
            ((string?)nameof(SignInOutcome.WrongPassword), (string?)null, (string?)failedTrace),
            (nameof(SignInOutcome.Succeeded), userId, goodTrace),
        }));
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body, string traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request);
        return await HttpExtensions.ReadJsonAsync(response);
    }

    /// <summary>One line as the JSON console formatter wrote it.</summary>
    private sealed record JsonLogLine(string Text)
    {
        private JsonElement Root { get; } = JsonDocument.Parse(Text).RootElement;

        public string? Category => Root.GetProperty(nameof(Category)).GetString();

        public string? State(string name) =>
            Root.TryGetProperty("State", out var state) && state.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? value.ToString()
                : null;

        /// <summary>The line's own TraceId (scopes are off in <see cref="JsonLogs"/>).</summary>
        public string? TraceId => Root.TryGetProperty(nameof(TraceId), out var id) ? id.GetString() : null;
    }

    /// <summary>Formats every log record with the app's own <c>json</c> console formatter and keeps the lines.</summary>
    private sealed class JsonLogRecorder(ConsoleFormatter formatter, ConcurrentQueue<JsonLogLine> lines) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        private void Write<TState>(in LogEntry<TState> entry)
        {
            using var writer = new StringWriter();
            formatter.Write(entry, _scopes, writer);
            lines.Enqueue(new JsonLogLine(writer.ToString().Trim()));
        }

        public static void Add(IServiceCollection services, ConcurrentQueue<JsonLogLine> lines) =>
            services.AddSingleton<ILoggerProvider>(sp =>
                new JsonLogRecorder(sp.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json), lines));

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(JsonLogRecorder owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Operations;

/// <summary>
/// The app as its own process with <c>Logging__Console__FormatterName=json</c>, as a log shipper reads it: every line on
/// standard output is one JSON object with an ISO-8601 UTC <c>Timestamp</c>, and a line written for a request carries
/// that request's <c>TraceId</c> (and a <c>SpanId</c>) at the top level, also with scopes turned off.
/// </summary>
public sealed class JsonConsoleLogTests
{
    [Test]
    public async Task Every_stdout_line_has_a_utc_timestamp_and_a_requests_lines_carry_its_trace_id_at_the_top()
    {
        var data = Directory.CreateTempSubdirectory("dashop-jsonlog-").FullName;
        var port = NginxFront.FreePort();
        var lines = new ConcurrentQueue<string>();
        using var process = AppProcess.Start(data, [], e =>
        {
            e["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            e["Logging__Console__FormatterName"] = "json";
            e["Logging__Console__FormatterOptions__IncludeScopes"] = "false";
            e["Logging__LogLevel__Default"] = "Information";
        });
        process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
                lines.Enqueue(e.Data);
        };
        process.BeginOutputReadLine();
        var started = DateTimeOffset.UtcNow;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.That(await Eventually.Within(TimeSpan.FromSeconds(60), async () =>
            {
                try
                {
                    return (await client.GetAsync("/healthz/live")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, () => process.HasExited), Is.True, "the app starts");

            // A wrong password is logged by the sign-in log, inside the request.
            var trace = ActivityTraceId.CreateRandom().ToHexString();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens")
            {
                Content = JsonContent.Create(new { username = "nobody-" + trace[..8], password = TestData.Password + "-wrong" }),
            };
            request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using (var response = await client.SendAsync(request))
                Assert.That(response.IsSuccessStatusCode, Is.True);

            await Eventually.That(() => Task.FromResult(lines.Any(l => l.Contains(trace, StringComparison.Ordinal))), TimeSpan.FromSeconds(20));
            var parsed = lines.Select(l => (Text: l, Root: JsonDocument.Parse(l).RootElement)).ToList();
            var traced = parsed.Where(l => l.Root.TryGetProperty("TraceId", out var id) && id.GetString() == trace).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(parsed.Select(l => l.Root.GetProperty("Message").GetString()), Has.Some.StartsWith("Dashop starts in"), "the start-up line");
                foreach (var (text, root) in parsed)
                {
                    var stamp = root.GetProperty("Timestamp").GetString()!;
                    Assert.That(stamp, Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"), text);
                    var at = DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture);
                    Assert.That(at, Is.InRange(started.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)), text);
                    Assert.That(root.TryGetProperty("Scopes", out _), Is.False, "IncludeScopes=false is honoured: " + text);
                }
                Assert.That(traced, Is.Not.Empty, "a line of the request carries its trace id at the top");
                foreach (var (text, root) in traced)
                    Assert.That(root.GetProperty("SpanId").GetString(), Does.Match("^[0-9a-f]{16}$"), text);
            });
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

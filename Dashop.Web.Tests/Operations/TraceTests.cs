using System.Diagnostics;
using Dashop.Web.Tests.Support;
using OpenTelemetry.Trace;

namespace Dashop.Web.Tests.Operations;

/// <summary>One trace from the sms/code request through the publish, the consumer and the call to Ronglian.</summary>
public sealed class TraceTests
{
    [Test]
    public async Task An_sms_code_request_the_consumer_and_the_Ronglian_call_share_one_trace_id()
    {
        var spans = new List<Activity>();
        var ronglian = await SharedHosts.RonglianAsync();
        // Without an OTLP endpoint spans are sampled out (propagation only); an exporter added in code asks for them.
        await using var factory = new DashopFactory(Backend.Embedded, ronglian,
            new Dictionary<string, string?> { ["Telemetry:RecordTraces"] = "true" },
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        using var client = factory.CreateClient();
        var phone = TestData.Phone();

        var (_, body) = await client.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(body.Code(), Is.EqualTo(200));
        await ronglian.WaitForCodeAsync(phone);

        // ActivitySource listeners are process-wide: other tests' hosts add their spans too, so start from the one call
        // that only this test makes (to this fake's port) and look for the rest of its trace.
        var ronglianHost = new Uri(ronglian.BaseUrl).Authority;
        Activity[] trace = [];
        await Eventually.That(() =>
        {
            Activity[] done;
            lock (spans)
                done = spans.ToArray();
            var call = done.FirstOrDefault(a => a.Kind == ActivityKind.Client && (a.GetTagItem("url.full") as string)?.Contains(ronglianHost, StringComparison.Ordinal) == true);
            trace = call is null ? [] : done.Where(a => a.TraceId == call.TraceId).ToArray();
            return Task.FromResult(trace.Any(a => a.Kind == ActivityKind.Server) && trace.Any(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer));
        });

        Assert.Multiple(() =>
        {
            Assert.That(trace.Where(a => a.Kind == ActivityKind.Server).Select(a => a.GetTagItem("url.path") as string).ToArray(), Does.Contain("/v1/users/sms/code"),
                "the request");
            Assert.That(trace.Count(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer), Is.Positive, "the publish");
            Assert.That(trace.Count(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer), Is.Positive, "the consumer");
            Assert.That(trace.Count(a => a.Kind == ActivityKind.Client && (a.GetTagItem("url.full") as string)?.Contains(ronglianHost, StringComparison.Ordinal) == true),
                Is.EqualTo(1), "the Ronglian call");
            Assert.That(trace.Select(a => a.GetTagItem("url.full")).OfType<string>(), Has.None.Contains(phone), "no phone number in a span");
        });
    }
}

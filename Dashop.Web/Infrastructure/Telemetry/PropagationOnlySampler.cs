using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Dashop.Web.Infrastructure.Telemetry;

/// <summary>
/// The sampler when no exporter takes spans: none is recorded for export, but trace ids still flow from a request through
/// the bus to the consumer and into the log scopes. The producer span (a publish or send) is kept as record-only, which
/// MassTransit needs to write the context into the message headers; every other span (the consumer's included) is
/// dropped, which leaves a propagation-only activity: the parent's trace id, no tags. <c>LogTraceTests</c> checks it over
/// RabbitMQ. Recording every span for nobody cost more CPU per <c>sms/code</c> request than the request itself.
/// </summary>
public sealed class PropagationOnlySampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordOnly);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind is ActivityKind.Producer ? Keep : Drop;
}

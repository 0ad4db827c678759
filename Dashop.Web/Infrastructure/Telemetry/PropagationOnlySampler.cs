using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Dashop.Web.Infrastructure.Telemetry;

/// <summary>
/// The sampler when no exporter takes spans: none is recorded for export, but trace ids still flow from a request through
/// the bus to the consumer and into the log scopes. Messaging spans (producer and consumer) are kept as record-only, which
/// the bus needs to carry the context in the message headers; every other span (server, client, database) is dropped,
/// which leaves a propagation-only activity at most: ids, no tags. Recording every span for nobody cost more CPU per
/// <c>sms/code</c> request than the request itself.
/// </summary>
public sealed class PropagationOnlySampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordOnly);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind is ActivityKind.Producer or ActivityKind.Consumer ? Keep : Drop;
}

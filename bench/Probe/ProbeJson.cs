using System.Text.Json.Serialization;

namespace Dashop.Bench.Probe;

[JsonSerializable(typeof(SmsCodeBody))]
[JsonSerializable(typeof(RegisterBody))]
[JsonSerializable(typeof(Answer))]
internal sealed partial class ProbeJson : JsonSerializerContext;

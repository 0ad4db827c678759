using System.Text.Json.Serialization;

namespace Dashop.Bench.Measure;

[JsonSerializable(typeof(SmsCodeBody))]
[JsonSerializable(typeof(RegisterBody))]
[JsonSerializable(typeof(Answer))]
internal sealed partial class MeasureJson : JsonSerializerContext;

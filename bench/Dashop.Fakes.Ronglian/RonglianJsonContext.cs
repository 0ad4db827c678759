using System.Text.Json.Serialization;

namespace Dashop.Fakes.Ronglian;

[JsonSerializable(typeof(StatusAnswer))]
[JsonSerializable(typeof(SuccessAnswer))]
internal sealed partial class RonglianJsonContext : JsonSerializerContext;

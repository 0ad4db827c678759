using System.Text.Json.Serialization;

namespace Dashop.Testing.Ronglian;

[JsonSerializable(typeof(StatusAnswer))]
[JsonSerializable(typeof(SuccessAnswer))]
internal sealed partial class RonglianJsonContext : JsonSerializerContext;

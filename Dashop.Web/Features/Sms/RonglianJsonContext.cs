using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Sms;

[JsonSerializable(typeof(TemplateSmsRequest))]
[JsonSerializable(typeof(TemplateSmsResponse))]
internal sealed partial class RonglianJsonContext : JsonSerializerContext;

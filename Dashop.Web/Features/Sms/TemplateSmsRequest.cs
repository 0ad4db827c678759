using System.Text.Json.Serialization;

namespace Dashop.Web.Features.Sms;

public sealed record TemplateSmsRequest(
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("appId")] string AppId,
    [property: JsonPropertyName("templateId")] string TemplateId,
    [property: JsonPropertyName("datas")] string[] Datas,
    [property: JsonPropertyName("reqId")] string ReqId);

namespace Dashop.Testing.Ronglian;

/// <summary>A TemplateSMS request that passed every check: the number, <c>datas</c> = [code, minutes], and the reqId.</summary>
public sealed record TemplateSms(string To, string Code, string Minutes, string ReqId);

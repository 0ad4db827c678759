namespace Dashop.Web.Tests.Fakes;

/// <summary>A scripted answer of the fake WeChat token endpoint: an errcode, an HTML page, or no answer at all.</summary>
public sealed record FakeWeChatAnswer(int ErrorCode = 0, bool Html = false, bool Silent = false);

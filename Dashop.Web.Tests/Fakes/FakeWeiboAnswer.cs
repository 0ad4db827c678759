namespace Dashop.Web.Tests.Fakes;

/// <summary>What the fake answers to one token or profile request: a Weibo error, an HTTP status, or a delay first.</summary>
public sealed record FakeWeiboAnswer(int HttpStatus = 200, int ErrorCode = 0, string? Error = null, TimeSpan Delay = default)
{
    public static FakeWeiboAnswer WeiboError(int errorCode, string error) => new(400, errorCode, error);
    public static FakeWeiboAnswer Http(int status) => new(status);
    public static FakeWeiboAnswer Slow(TimeSpan delay) => new(Delay: delay);
}

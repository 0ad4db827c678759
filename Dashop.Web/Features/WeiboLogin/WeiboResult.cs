namespace Dashop.Web.Features.WeiboLogin;

public sealed record WeiboResult<T>(T? Value, WeiboFailure Failure = WeiboFailure.None, string? ErrorCode = null)
    where T : class;

public static class WeiboResult
{
    public static WeiboResult<T> Fail<T>(WeiboFailure failure, string? errorCode) where T : class => new(null, failure, errorCode);
}

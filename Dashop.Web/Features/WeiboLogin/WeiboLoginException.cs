namespace Dashop.Web.Features.WeiboLogin;

/// <summary>Why a browser login through Weibo failed; the message holds no code or token.</summary>
public sealed class WeiboLoginException(WeiboFailure failure, string? errorCode)
    : Exception($"Weibo login failed ({failure}, {errorCode ?? "no error code"}).")
{
    public WeiboFailure Failure { get; } = failure;
}

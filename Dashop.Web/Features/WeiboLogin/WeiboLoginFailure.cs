namespace Dashop.Web.Features.WeiboLogin;

/// <summary>Why a browser login through Weibo ended back on /login (the <c>reason</c> of /login/weibo/failed).</summary>
public enum WeiboLoginFailure
{
    Refused,
    Denied,
    Unavailable,
    Expired,
    LockedOut,
}

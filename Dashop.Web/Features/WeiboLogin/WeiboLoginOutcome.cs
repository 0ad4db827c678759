namespace Dashop.Web.Features.WeiboLogin;

public enum WeiboLoginOutcome
{
    Bound,
    NotBound,
    LockedOut,
    Unavailable,
}

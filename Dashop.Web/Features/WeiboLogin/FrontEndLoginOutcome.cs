namespace Dashop.Web.Features.WeiboLogin;

public enum FrontEndLoginOutcome
{
    Bound,
    NotBound,
    MissingCode,
    StateInvalid,
    LockedOut,
    Unavailable,
}

namespace Dashop.Web.Features.Account;

public enum LoginOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

namespace Dashop.Web.Infrastructure.Caching;

public enum ClaimOutcome
{
    Claimed,
    AlreadyClaimed,
    QuotaExceeded,
}

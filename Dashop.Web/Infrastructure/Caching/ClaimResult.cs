namespace Dashop.Web.Infrastructure.Caching;

public sealed record ClaimResult(ClaimOutcome Outcome, int ExceededQuota = -1);

namespace Dashop.Web.Features.Sms;

public sealed record SmsIssueResult(SmsIssueOutcome Outcome, Guid DeliveryId = default, int CooldownSeconds = 0);

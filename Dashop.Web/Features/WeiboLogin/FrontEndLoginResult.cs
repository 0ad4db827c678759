using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>A /v1 Weibo login: the bound user, or a ticket for the bind form.</summary>
public sealed record FrontEndLoginResult(FrontEndLoginOutcome Outcome, DashopUser? User = null, string? Ticket = null);

using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>A /v1 Weibo sign-in: the linked account, or (linked to nobody yet) a ticket for the bind call.</summary>
public sealed record WeiboSignIn(DashopUser? User, string? Ticket);

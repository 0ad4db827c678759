namespace Dashop.Web.Features.WeiboLogin;

/// <summary>A Weibo account that logged in but is not bound yet, as the bind page shows it.</summary>
public sealed record WeiboPending(string Uid, string? ScreenName, string? AvatarUrl);

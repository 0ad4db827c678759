namespace Dashop.Web.Features.WeiboLogin;

public sealed record WeiboUser(string Uid, string? ScreenName, string? AvatarUrl);

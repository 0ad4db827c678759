namespace Dashop.Web.Features.WeiboLogin;

/// <summary>A login that Weibo's token endpoint confirmed, with the profile from users/show.json.</summary>
public sealed record WeiboSignIn(string Uid, string AccessToken, DateTimeOffset ExpiresAt, string? ScreenName, string? AvatarUrl);

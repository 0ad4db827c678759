namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>The profile <c>get_user_info</c> shares: the nickname and the 40×40 QQ avatar (<c>figureurl_qq_1</c>).</summary>
public sealed record QQUser(string? Nickname, string? AvatarUrl);

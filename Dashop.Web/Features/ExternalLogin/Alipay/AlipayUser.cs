namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>What <c>alipay.user.info.share</c> shares: the nickname and the avatar.</summary>
public sealed record AlipayUser(string? NickName, string? AvatarUrl);

namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>Who an access token belongs to, from <c>/oauth2.0/me</c>: the openid for this app and the unionid when QQ gives one.</summary>
public sealed record QQIdentity(string OpenId, string? UnionId);

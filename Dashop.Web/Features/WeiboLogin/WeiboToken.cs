namespace Dashop.Web.Features.WeiboLogin;

/// <summary>What the token endpoint proved: this access token belongs to this uid.</summary>
public sealed record WeiboToken(string AccessToken, string Uid, DateTimeOffset ExpiresAt);

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>What <c>alipay.system.oauth.token</c> grants: the token and the person, as <c>user_id</c> or, for apps on open ids, <c>open_id</c>.</summary>
public sealed record AlipayToken(string AccessToken, string? RefreshToken, long ExpiresInSeconds, string? UserId, string? OpenId)
{
    /// <summary>The subject: <c>user_id</c> when Alipay gives it, else <c>open_id</c>.</summary>
    public string Subject => UserId ?? OpenId!;
}

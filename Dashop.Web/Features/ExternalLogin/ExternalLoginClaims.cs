namespace Dashop.Web.Features.ExternalLogin;

/// <summary>
/// What every sign-in provider's handler (Weibo, WeChat, QQ, Alipay) puts in the principal it hands to the one
/// callback → signed in / bind flow (§15), besides <c>ClaimTypes.NameIdentifier</c> (the provider's subject: Weibo uid,
/// WeChat or QQ openid, Alipay user_id or open_id) and <c>ClaimTypes.Name</c> (the display name, when given).
/// </summary>
public static class ExternalLoginClaims
{
    /// <summary>WeChat's or QQ's unionid: one person across the apps of one developer account.</summary>
    public const string UnionId = "urn:dashop:unionid";

    /// <summary>The absolute URL of the provider's avatar picture.</summary>
    public const string Avatar = "urn:dashop:avatar";

    /// <summary>The provider app the subject belongs to (WeChat's QR website app and Official Account have different openids).</summary>
    public const string AppId = "urn:dashop:appid";
}

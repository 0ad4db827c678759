namespace Dashop.Web.Features.WeiboLogin;

public static class WeiboDefaults
{
    public const string Scheme = "Weibo";
    public const string CallbackPath = "/signin-weibo";
    public const string AvatarClaim = "urn:weibo:profile_image_url";

    /// <summary>The item of the OAuth handler's (protected) properties that says why the login was started.</summary>
    public const string IntentItem = "dashop.intent";

    /// <summary>The intent of a login started on /account: link the Weibo account to the signed-in one.</summary>
    public const string LinkIntent = "link";
}

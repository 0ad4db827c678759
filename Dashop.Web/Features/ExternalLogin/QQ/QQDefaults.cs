namespace Dashop.Web.Features.ExternalLogin.QQ;

public static class QQDefaults
{
    /// <summary>The authentication scheme; also the login page's button (<c>/login/qq</c>) and its resource key.</summary>
    public const string Scheme = "QQ";
    public const string DisplayName = "QQ";
    public const string CallbackPath = "/signin-qq";
}

using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Security;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>What the /v1 Weibo calls answer (English resource keys); the pages say it through <see cref="ExternalLoginMessages"/>.</summary>
public static class WeiboMessages
{
    public const string Unavailable = "Weibo login is unavailable right now; please try again later.";
    public const string StateInvalid = "This Weibo login link is invalid or was already used; please log in with Weibo again.";
    public const string TicketInvalid = "The Weibo login ticket is invalid or has expired; please log in with Weibo again.";
    public const string LockedOut = LoginService.LockedOutMessage;

    public static string For(ExternalBindError error) => error switch
    {
        ExternalBindError.ProviderAccountTaken => "This Weibo account is already linked to a Dashop account.",
        ExternalBindError.LoginExpired => "Your Weibo login has expired; please log in with Weibo again.",
        ExternalBindError.Unavailable => Unavailable,
        ExternalBindError.Busy => PasswordMessages.Busy,
        _ => ExternalLoginMessages.DatabaseError,
    };
}

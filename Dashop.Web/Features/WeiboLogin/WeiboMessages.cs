using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Features.SignIn;
namespace Dashop.Web.Features.WeiboLogin;

/// <summary>What a person is told about a Weibo login or bind (English resource keys).</summary>
public static class WeiboMessages
{
    public const string Denied = "You cancelled the login on Weibo.";
    public const string Refused = "Weibo did not confirm the login; please try again.";
    public const string Unavailable = "Weibo login is unavailable right now; please try again later.";
    public const string Expired = "Your Weibo login has expired; please log in with Weibo again.";
    public const string StateInvalid = "This Weibo login link is invalid or was already used; please log in with Weibo again.";
    public const string TicketInvalid = "The Weibo login ticket is invalid or has expired; please log in with Weibo again.";
    public const string LockedOut = LoginService.LockedOutMessage;
    public const string WrongPassword = "Wrong username, phone number or password.";

    public static string For(WeiboLoginFailure failure) => failure switch
    {
        WeiboLoginFailure.Denied => Denied,
        WeiboLoginFailure.Unavailable => Unavailable,
        WeiboLoginFailure.Expired => Expired,
        WeiboLoginFailure.LockedOut => LockedOut,
        _ => Refused,
    };

    public static string For(WeiboBindError error) => error switch
    {
        WeiboBindError.WrongPassword => WrongPassword,
        WeiboBindError.LockedOut => LockedOut,
        WeiboBindError.WeiboAlreadyBound => "This Weibo account is already linked to a Dashop account.",
        WeiboBindError.AccountAlreadyBound => "This Dashop account is already linked to another Weibo account.",
        WeiboBindError.LoginExpired => Expired,
        WeiboBindError.Unavailable => Unavailable,
        WeiboBindError.Busy => PasswordMessages.Busy,
        _ => "The accounts could not be linked because of a database error; nothing was changed. Please try again.",
    };
}

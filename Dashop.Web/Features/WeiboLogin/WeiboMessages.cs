using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>What the /v1 Weibo calls answer (English resource keys); the pages say it through <see cref="ExternalLoginMessages"/>.</summary>
public static class WeiboMessages
{
    public const string Unavailable = "Weibo login is unavailable right now; please try again later.";
    public const string Forged = "This Weibo login link is invalid or was already used; please log in with Weibo again.";
    public const string TicketInvalid = "The Weibo login ticket is invalid or has expired; please log in with Weibo again.";
    public const string LockedOut = LoginService.LockedOutMessage;

    /// <summary>Why the /v1 bind was refused as a whole.</summary>
    public static string For(Result refused) => refused.Failure switch
    {
        Failure.Taken => "This Weibo account is already linked to a Dashop account.",
        Failure.Expired => "Your Weibo login has expired; please log in with Weibo again.",
        Failure.Unavailable when !IsDatabase(refused) => Unavailable,
        Failure.Busy => PasswordMessages.Busy,
        _ => ExternalLoginMessages.DatabaseError,
    };

    /// <summary>Refused because the database did not answer (/v1 answers 10114), not the ticket store or Weibo.</summary>
    public static bool IsDatabase(Result refused) => refused.Failure == Failure.Unavailable && refused.Detail == ExternalLoginService.DatabaseDetail;
}

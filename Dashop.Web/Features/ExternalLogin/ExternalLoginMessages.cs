using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>What a person is told about a provider sign-in or bind (English resource keys; <c>{0}</c> is the provider's name).</summary>
public static class ExternalLoginMessages
{
    public const string Denied = "You cancelled the login on {0}.";
    public const string Refused = "{0} did not confirm the login; please try again.";
    public const string Unavailable = "{0} login is unavailable right now; please try again later.";
    public const string Expired = "Your {0} login has expired; please log in with {0} again.";
    public const string Forged = "This {0} login link is invalid or was already used; please log in with {0} again.";
    public const string ProviderAccountTaken = "This {0} account is already linked to a Dashop account.";
    public const string AccountAlreadyLinked = "This Dashop account is already linked to another {0} account.";
    public const string WrongPassword = "Wrong username, phone number or password.";
    public const string WrongCode = SmsMessages.CodeWrong;
    public const string CodeOnItsWay = "If an account has this username or phone number, a code is on its way to its phone.";
    public const string PhoneHasAccount = "This phone number already has an account: link it with its password or a code instead.";
    public const string DatabaseError = "The accounts could not be linked because of a database error; nothing was changed. Please try again.";
    public const string NewAccountLinked = "Welcome! Your account is ready and linked to {0}. We sent an activation link to your e-mail address.";
    public const string PhoneAccountLinked = "Welcome! Your account is ready and linked to {0}: log in with {0} or with a code sent to your phone.";
    public const string ExistingAccountLinked = "Your {0} account is now linked: next time, log in with {0} in one step.";
    public const string Linked = "Your {0} account is now linked.";
    public const string Unlinked = "Your {0} account was unlinked.";
    public const string UnlinkNeedsPassword = "Set a password before unlinking {0}: otherwise you could not sign in.";
    public const string NothingToUnlink = "No {0} account is linked.";

    /// <summary>The lockout message's argument is the lockout's minutes, not the provider.</summary>
    public const string LockedOut = LoginService.LockedOutMessage;

    /// <summary>Why a sign-in at the provider ended back on /login (the <c>reason</c> of /login/{provider}/failed).</summary>
    public static string ForSignIn(Failure reason) => reason switch
    {
        Failure.Denied => Denied,
        Failure.Unavailable => Unavailable,
        Failure.Expired => Expired,
        Failure.Forged => Forged,
        _ => Refused,
    };

    /// <summary>Why a bind or link was refused as a whole (a new account's own field errors are shown on their fields).</summary>
    public static string ForBind(Result refused, bool byCode = false) => refused.Failure switch
    {
        Failure.Wrong => byCode ? WrongCode : WrongPassword,
        Failure.LockedOut => LockedOut,
        Failure.Taken => ProviderAccountTaken,
        Failure.AlreadyDone => AccountAlreadyLinked,
        Failure.Expired => Expired,
        Failure.Busy => PasswordMessages.Busy,
        Failure.Unavailable when refused.Detail != ExternalLoginService.DatabaseDetail => Unavailable,
        _ => DatabaseError,
    };

    public static string ForBind<T>(Result<T> refused, bool byCode = false) => ForBind(refused.WithoutValue(), byCode);
}

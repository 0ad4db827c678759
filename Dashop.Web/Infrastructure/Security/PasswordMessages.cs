namespace Dashop.Web.Infrastructure.Security;

/// <summary>What a person is told when a password could not be checked (English resource keys).</summary>
public static class PasswordMessages
{
    public const string Busy = "Too many sign-ins at this moment; please try again in a few seconds.";

    public const string TryAgain = "Your password could not be checked right now; please try again shortly.";
}

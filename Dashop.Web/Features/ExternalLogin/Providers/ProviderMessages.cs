namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>What a person is told about a failed provider login (English resource keys; <c>{0}</c> is the provider's name).</summary>
public static class ProviderMessages
{
    public const string Denied = "You cancelled the login on {0}.";
    public const string Refused = "{0} did not confirm the login; please try again.";
    public const string Unavailable = "{0} login is unavailable right now; please try again later.";
    public const string StateInvalid = "This {0} login link is invalid or was already used; please log in with {0} again.";

    public static string For(ProviderLoginFailure failure) => failure switch
    {
        ProviderLoginFailure.Denied => Denied,
        ProviderLoginFailure.Unavailable => Unavailable,
        ProviderLoginFailure.StateInvalid => StateInvalid,
        _ => Refused,
    };
}

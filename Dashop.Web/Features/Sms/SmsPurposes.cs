namespace Dashop.Web.Features.Sms;

public static class SmsPurposes
{
    /// <summary>The purpose's name in /v1 bodies, messages, delivery records and template keys.</summary>
    public static string Name(this SmsPurpose purpose) => purpose switch
    {
        SmsPurpose.Login => "login",
        SmsPurpose.Reset => "reset",
        SmsPurpose.ChangePhone => "change_phone",
        SmsPurpose.Reauth => "reauth",
        _ => "register",
    };

    /// <summary>A purpose by its <see cref="Name"/>; null for anything else.</summary>
    public static SmsPurpose? Parse(string? name) =>
        Enum.GetValues<SmsPurpose>().Cast<SmsPurpose?>().FirstOrDefault(p => p!.Value.Name() == name);

    /// <summary>Codes a signed-in session asks for on its own pages: never through /v1 (<see cref="SmsPurpose.Reauth"/> not even through /sms/code, its phone is the account's).</summary>
    public static bool SignedInOnly(this SmsPurpose purpose) => purpose is SmsPurpose.ChangePhone or SmsPurpose.Reauth;

    /// <summary>
    /// Reset codes, and login codes unless one code signs up too (<paramref name="smsSignUp"/>, <c>Accounts:SmsSignUp</c>),
    /// go only to phones that have an account (the consumer decides, so the request does the same work either way and
    /// nobody learns who has an account). With sign-up by SMS a login code goes to every valid mobile: the code proves
    /// the phone, and there is nothing to hide.
    /// </summary>
    public static bool NeedsAccount(this SmsPurpose purpose, bool smsSignUp) =>
        purpose is SmsPurpose.Reset || (purpose is SmsPurpose.Login && !smsSignUp);
}

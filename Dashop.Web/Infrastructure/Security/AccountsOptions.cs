namespace Dashop.Web.Infrastructure.Security;

/// <summary>How accounts come to exist (spec §15). Read by the SMS feature (who gets login codes) and by sign-in.</summary>
public sealed class AccountsOptions
{
    public const string SectionName = "Accounts";

    /// <summary>
    /// A right <c>login</c> code for a phone with no account leads to sign-up (the terms, a suggested username): one code
    /// signs in or signs up, so login codes go to every valid mobile number. Off: §11 holds (no login code to a phone with
    /// no account, and such a code signs nobody in).
    /// </summary>
    public bool SmsSignUp { get; set; } = true;

    /// <summary>Binds and validates the section once, whichever feature asks first.</summary>
    public static void AddTo(IServiceCollection services)
    {
        if (services.FirstTime("accounts-options"))
            services.AddValidatedOptions<AccountsOptions>(SectionName);
    }
}

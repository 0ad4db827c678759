using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// How long the sign-up step after a right login code may take (reading the terms, choosing a name): the life of the
    /// sealed ticket that carries the proven phone from /login to the step's form. Past it, the step sends the person
    /// back to /login for a new code.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "Accounts:SmsSignUpStepLifetime must be between 00:01:00 and 01:00:00.")]
    public TimeSpan SmsSignUpStepLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Binds and validates the section once, whichever feature asks first.</summary>
    public static void AddTo(IServiceCollection services)
    {
        if (services.FirstTime("accounts-options"))
            services.AddValidatedOptions<AccountsOptions>(SectionName);
    }
}

using Dashop.Web.Features.Legal;
using Dashop.Web.Features.Sms;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Registration;

/// <summary>
/// Sign-up with a phone proven by an SMS code, for /register, /v1/users and the external-login bind (which links its
/// provider account in the same transaction). A taken username or phone is reported only once the code is right, so that nobody learns
/// who has an account by trying numbers. Consent to the terms is required and recorded with the terms' version.
/// </summary>
public sealed class RegistrationService(AccountRules rules, SmsCodeService codes, AccountCreator accounts, IOptions<LegalOptions> legal)
{
    public async Task<RegistrationResult> RegisterAsync(AccountInput input,
        Func<Infrastructure.Data.DashopUser, CancellationToken, Task<bool>>? alsoInTransaction = null, CancellationToken cancellationToken = default)
    {
        // Every problem at once for the pages (§19); /v1 names one: the account's fields, then the terms, then the code.
        var refused = new List<FieldError>(rules.Errors(input, out var phone));
        if (!input.TermsAccepted)
            refused.Add(FieldError.TermsNotAccepted);
        if (AccountRules.CodeError(input.Code) is { } code)
            refused.Add(code);
        if (refused.Count > 0)
            return new RegistrationResult(null, RegistrationError.InvalidField, refused[0]) { Fields = refused };

        if (CodeRefusal(await codes.VerifyAsync(phone, input.Code, SmsPurpose.Register, cancellationToken)) is { } wrong)
            return wrong;

        if (await accounts.TakenAsync(input.Username!, phone, cancellationToken) is { } taken)
            return new RegistrationResult(null, RegistrationError.Taken, taken);

        var created = await accounts.CreateAsync(new NewAccount(input.Username!, input.Password!, phone, input.Email!)
        {
            AlsoInTransaction = alsoInTransaction,
            TermsVersion = legal.Value.TermsVersion,
        }, cancellationToken);
        if (!created.Succeeded)
            return RegistrationResult.From(created);

        await codes.ConsumeAsync(phone, cancellationToken);
        return RegistrationResult.From(created);
    }

    /// <summary>Null when the code was right; otherwise the answer to a sign-up whose code was not.</summary>
    public static RegistrationResult? CodeRefusal(SmsVerifyOutcome verified) => verified switch
    {
        SmsVerifyOutcome.Valid => null,
        SmsVerifyOutcome.Unavailable => RegistrationResult.Fail(RegistrationError.Unavailable, AccountFields.Code.Name,
            "The verification service is unavailable; please try again shortly."),
        _ => new RegistrationResult(null, RegistrationError.CodeInvalid, FieldError.CodeWrong),
    };
}

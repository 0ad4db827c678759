using Dashop.Web.Features.Legal;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Registration;

/// <summary>
/// Sign-up with a phone proven by an SMS code, for /register, /v1/users and the external-login bind (which links its
/// provider account in the same transaction). A taken username or phone is reported only once the code is right, so that nobody learns
/// who has an account by trying numbers. Consent to the terms is required and recorded with the terms' version.
/// </summary>
public sealed class RegistrationService(AccountRules rules, SmsCodeService codes, AccountCreator accounts, IOptions<LegalOptions> legal)
{
    public async Task<Result<DashopUser>> RegisterAsync(AccountInput input,
        Func<DashopUser, CancellationToken, Task<bool>>? alsoInTransaction = null, CancellationToken cancellationToken = default)
    {
        // Every problem at once for the pages (§19); /v1 names one: the account's fields, then the terms, then the code.
        var refused = new List<FieldError>(rules.Errors(input, out var phone));
        if (!input.TermsAccepted)
            refused.Add(AccountRules.TermsNotAccepted);
        if (AccountRules.CodeError(input.Code) is { } code)
            refused.Add(code);
        if (refused.Count > 0)
            return Result.Invalid(refused);

        if (CodeRefusal(await codes.VerifyAsync(phone, input.Code, SmsPurpose.Register, cancellationToken)) is { } wrong)
            return wrong;

        if (await accounts.TakenAsync(input.Username!, phone, cancellationToken) is { } taken)
            return Result.Fail(Failure.Taken, taken);

        var created = await accounts.CreateAsync(new NewAccount(input.Username!, input.Password!, phone, input.Email!)
        {
            AlsoInTransaction = alsoInTransaction,
            TermsVersion = legal.Value.TermsVersion,
        }, cancellationToken);
        if (created.Succeeded)
            await codes.ConsumeAsync(phone, cancellationToken);
        return created;
    }

    /// <summary>Null when the code was right; otherwise the answer to a sign-up whose code was not.</summary>
    public static Result? CodeRefusal(Result verified) => verified.Failure switch
    {
        null => null,
        Failure.Unavailable => Result.Fail(Failure.Unavailable,
            new FieldError(AccountFields.Code.Name, "The verification service is unavailable; please try again shortly.")),
        _ => Result.Fail(Failure.Wrong, AccountRules.CodeWrong),
    };
}

using System.Security.Cryptography;
using Dashop.Web.Features.Legal;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Registration;

/// <summary>
/// One SMS code signs up (spec §15, <c>Accounts:SmsSignUp</c>): a phone proven by a right login code becomes an account
/// with a suggested username (<c>user_</c> and 8 random characters), no password unless one is chosen and no e-mail
/// address unless one is given, through <see cref="AccountCreator"/> like every other account. The consent to the terms
/// is required and recorded with their version. Nothing is created unless every field holds.
/// </summary>
public sealed class SmsSignUpService(AccountRules rules, AccountCreator accounts, SmsCodeService codes, PhoneNumberParser phones, IOptions<LegalOptions> legal)
{
    public const string UsernamePrefix = "user_";
    public const int SuggestedLength = 8;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Tries for a free name; 36^8 names make a second try already rare.</summary>
    private const int Tries = 5;

    /// <summary>A free username to suggest: <c>user_</c> and 8 random letters and digits.</summary>
    public async Task<string> SuggestUsernameAsync(CancellationToken cancellationToken)
    {
        var name = NewName();
        for (var attempt = 1; attempt < Tries && await accounts.UsernameTakenAsync(name, cancellationToken); attempt++)
            name = NewName();
        return name;
    }

    /// <summary>
    /// Creates the account of <paramref name="phoneE164"/> (proven by a code or a ticket) from the sign-up step's fields.
    /// Every problem at once for the page; a username taken meanwhile is a field error on the username.
    /// </summary>
    public async Task<Result<DashopUser>> SignUpAsync(string phoneE164, SmsSignUpInput input, CancellationToken cancellationToken,
        Func<DashopUser, CancellationToken, Task<bool>>? alsoInTransaction = null)
    {
        var refused = new List<FieldError>(4);
        if (rules.UsernameError(input.Username) is { } username)
            refused.Add(username);
        if (!string.IsNullOrEmpty(input.Password) && AccountRules.PasswordError(input.Password) is { } password)
            refused.Add(password);
        if (!string.IsNullOrWhiteSpace(input.Email) && AccountRules.EmailError(input.Email) is { } email)
            refused.Add(email);
        if (!input.TermsAccepted)
            refused.Add(AccountRules.TermsNotAccepted);
        if (refused.Count > 0)
            return Result.Invalid(refused);

        if (await accounts.TakenAsync(input.Username!, phoneE164, cancellationToken) is { } taken)
            return Result.Fail(Failure.Taken, taken);
        return await accounts.CreateAsync(
            new NewAccount(input.Username!.Trim(), string.IsNullOrEmpty(input.Password) ? null : input.Password, phoneE164,
                string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim())
            {
                TermsVersion = legal.Value.TermsVersion,
                AlsoInTransaction = alsoInTransaction,
            }, cancellationToken);
    }

    /// <summary>
    /// /v1: the account of a proven phone with a suggested username, nothing else (the front end sent <c>terms_accepted</c>).
    /// A suggested name taken in the same instant is suggested again.
    /// </summary>
    public async Task<Result<DashopUser>> SignUpWithSuggestedNameAsync(string phoneE164, CancellationToken cancellationToken,
        Func<DashopUser, CancellationToken, Task<bool>>? alsoInTransaction = null)
    {
        Result<DashopUser> result = null!;
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            result = await SignUpAsync(phoneE164, new SmsSignUpInput(await SuggestUsernameAsync(cancellationToken), null, null, true), cancellationToken,
                alsoInTransaction);
            if (result.Error != AccountRules.UsernameTaken)
                return result;
        }
        return result;
    }

    /// <summary>
    /// The external-login bind page's new account (spec §15: phone + SMS code): a <c>register</c> code proves the phone,
    /// and the account is made as <see cref="SignUpWithSuggestedNameAsync"/> makes it, with <paramref name="alsoInTransaction"/>
    /// (the link) in its transaction. Every field problem at once, before the code is checked; a phone that has an account
    /// is said only once the code is right, as registration says it.
    /// </summary>
    public async Task<Result<DashopUser>> SignUpWithCodeAsync(string? phone, string? code, bool termsAccepted,
        Func<DashopUser, CancellationToken, Task<bool>>? alsoInTransaction, CancellationToken cancellationToken)
    {
        var refused = new List<FieldError>(3);
        string? phoneE164 = null;
        if (string.IsNullOrWhiteSpace(phone))
            refused.Add(new FieldError(AccountFields.Phone.Name, AccountRules.PhoneRequired));
        else if ((phoneE164 = phones.ToE164(phone)) is null)
            refused.Add(new FieldError(AccountFields.Phone.Name, AccountRules.PhoneInvalid));
        if (AccountRules.CodeError(code) is { } codeError)
            refused.Add(codeError);
        if (!termsAccepted)
            refused.Add(AccountRules.TermsNotAccepted);
        if (refused.Count > 0)
            return Result.Invalid(refused);

        if (RegistrationService.CodeRefusal(await codes.VerifyAsync(phoneE164!, code, SmsPurpose.Register, cancellationToken)) is { } wrong)
            return wrong;
        if (await accounts.PhoneTakenAsync(phoneE164!, cancellationToken))
            return Result.Fail(Failure.Taken, AccountRules.PhoneTaken);
        var created = await SignUpWithSuggestedNameAsync(phoneE164!, cancellationToken, alsoInTransaction);
        if (created.Succeeded)
            await codes.ConsumeAsync(phoneE164!, cancellationToken);
        return created;
    }

    private static string NewName() => UsernamePrefix + RandomNumberGenerator.GetString(Alphabet, SuggestedLength);
}

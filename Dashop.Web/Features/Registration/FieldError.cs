using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.Registration;

/// <summary>A problem with one field, named as in <see cref="AccountFields"/>. <paramref name="Message"/> is an English resource key.</summary>
public sealed record FieldError(string Field, string Message)
{
    public static FieldError UsernameTaken { get; } = new(AccountFields.Username.Name, "This username is already taken.");

    public static FieldError PhoneTaken { get; } = new(AccountFields.Phone.Name, "This phone number is already registered.");

    public static FieldError UsernameOrPhoneTaken { get; } = new(AccountFields.Username.Name, "Username or phone number is already registered.");

    public static FieldError CodeWrong { get; } = new(AccountFields.Code.Name, AccountRules.CodeWrongMessage);

    public static FieldError Busy { get; } = new(AccountFields.Password.Name, PasswordMessages.Busy);

    public static FieldError TermsNotAccepted { get; } = new(AccountFields.Terms.Name, "Please agree to the terms and privacy policy.");

    public AccountField Of => AccountFields.Of(Field);

    /// <summary>The first error of Identity's validators, on the field it is about.</summary>
    public static FieldError FromIdentity(IdentityResult result)
    {
        var error = result.Errors.First();
        if (error.Code == PasswordHashBulkhead.BusyCode)
            return Busy;
        if (error.Code == CommonPasswordValidator.ErrorCode)
            return new FieldError(AccountFields.Password.Name, CommonPasswords.Message);
        return error.Code.StartsWith("Password", StringComparison.Ordinal)
            ? new FieldError(AccountFields.Password.Name, AccountRules.PasswordWeak)
            : error.Code.Contains("Email", StringComparison.Ordinal)
                ? new FieldError(AccountFields.Email.Name, AccountRules.EmailInvalid)
                : new FieldError(AccountFields.Username.Name, AccountRules.UsernameInvalid);
    }
}

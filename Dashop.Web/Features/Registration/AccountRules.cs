using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Results;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.Registration;

/// <summary>The field rules for new accounts, shared by registration and Weibo binding.</summary>
public sealed partial class AccountRules(PhoneNumberParser phones)
{
    public const int UsernameMin = 3;
    public const int UsernameMax = 30;
    public const int PasswordMin = 8;
    public const int PasswordMax = 128;
    public const int EmailMax = 254;

    // Every message about an account's fields (English resource keys); other features use these, never their own words.
    public const string PhoneRequired = "Phone number is required.";
    public const string PasswordRequired = "Password is required.";
    public const string PasswordLength = "Password must be 8 to 128 characters long.";
    public const string PasswordWeak = "Password is too weak: use at least 8 characters with 4 different ones.";
    public const string CodeRequired = "Verification code is required.";
    public const string CodeWrongMessage = SmsMessages.CodeWrong;
    public const string EmailRequired = "E-mail address is required.";
    public const string EmailInvalid = "E-mail address is not valid.";
    public const string UsernameRequired = "Username is required.";
    public const string UsernameInvalid = "Username is not valid.";
    public const string PhoneInvalid = SmsMessages.InvalidPhone;

    public const string MixedScriptsMessage = "Username may not mix letters of different scripts (such as Latin and Cyrillic).";

    // The field errors of an account that are not about one value's shape.
    public static FieldError UsernameTaken { get; } = new(AccountFields.Username.Name, "This username is already taken.");
    public static FieldError PhoneTaken { get; } = new(AccountFields.Phone.Name, "This phone number is already registered.");
    public static FieldError UsernameOrPhoneTaken { get; } = new(AccountFields.Username.Name, "Username or phone number is already registered.");
    public static FieldError CodeWrong { get; } = new(AccountFields.Code.Name, CodeWrongMessage);
    public static FieldError Busy { get; } = new(AccountFields.Password.Name, PasswordMessages.Busy);
    public static FieldError TermsNotAccepted { get; } = new(AccountFields.Terms.Name, "Please agree to the terms and privacy policy.");

    private static readonly EmailAddressAttribute EmailAttribute = new();

    /// <summary>The first error of Identity's validators (or the bulkhead's "busy"), on the field it is about.</summary>
    public static FieldError ErrorOf(IdentityResult result)
    {
        var error = result.Errors.First();
        if (error.Code == PasswordHashBulkhead.BusyCode)
            return Busy;
        if (error.Code == CommonPasswordValidator.ErrorCode)
            return new FieldError(AccountFields.Password.Name, CommonPasswords.Message);
        return error.Code.StartsWith("Password", StringComparison.Ordinal)
            ? new FieldError(AccountFields.Password.Name, PasswordWeak)
            : error.Code.Contains("Email", StringComparison.Ordinal)
                ? new FieldError(AccountFields.Email.Name, EmailInvalid)
                : new FieldError(AccountFields.Username.Name, UsernameInvalid);
    }

    /// <summary>Identity's refusal as a result: <see cref="Failure.Busy"/> for the bulkhead, else the field at fault.</summary>
    public static Result Refusal(IdentityResult result) =>
        Result.Fail(PasswordHashBulkhead.IsBusy(result) ? Failure.Busy : Failure.Invalid, ErrorOf(result));

    /// <summary>
    /// The first problem with the account's own fields, in form order, or null; the SMS code is checked apart
    /// (<see cref="CodeError"/>), as create-admin has none. On success <paramref name="phoneE164"/> is the parsed phone.
    /// </summary>
    public FieldError? Validate(AccountInput input, out string phoneE164) => Errors(input, out phoneE164) is [var first, ..] ? first : null;

    /// <summary>
    /// Every problem with the account's own fields, one per field in form order (a form shows them all at once, §19);
    /// empty when all hold, and then <paramref name="phoneE164"/> is the parsed phone.
    /// </summary>
    public IReadOnlyList<FieldError> Errors(AccountInput input, out string phoneE164)
    {
        phoneE164 = "";
        var errors = new List<FieldError>(4);
        if (UsernameError(input.Username) is { } username)
            errors.Add(username);
        if (PasswordError(input.Password) is { } password)
            errors.Add(password);
        string? phone = null;
        if (string.IsNullOrWhiteSpace(input.Phone))
            errors.Add(new FieldError(AccountFields.Phone.Name, PhoneRequired));
        else if ((phone = phones.ToE164(input.Phone)) is null)
            errors.Add(new FieldError(AccountFields.Phone.Name, PhoneInvalid));
        if (EmailError(input.Email) is { } email)
            errors.Add(email);
        if (errors.Count == 0)
            phoneE164 = phone!;
        return errors;
    }

    public static FieldError? PasswordError(string? password)
    {
        if (string.IsNullOrEmpty(password))
            return new FieldError(AccountFields.Password.Name, PasswordRequired);
        if (password.Length < PasswordMin || password.Length > PasswordMax)
            return new FieldError(AccountFields.Password.Name, PasswordLength);
        // Identity's CommonPasswordValidator holds the rule wherever a password is set; checked here too so that the
        // form says so before the SMS code is spent.
        if (CommonPasswords.Contains(password))
            return new FieldError(AccountFields.Password.Name, CommonPasswords.Message);
        return null;
    }

    /// <summary>A problem with the shape of an SMS code, or null (whether it is right is the code service's question).</summary>
    public static FieldError? CodeError(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return new FieldError(AccountFields.Code.Name, CodeRequired);
        if (!DigitsOnly().IsMatch(code))
            return CodeWrong;
        return null;
    }

    /// <summary>
    /// Every rule holds for the name as typed and for its lookup form (<see cref="UsernameNormalizer"/>): NFKC can make
    /// one character several (<c>ﬃ</c> is <c>FFI</c>), so the length is counted on the form that is stored and indexed.
    /// A name that reads as a phone number is refused: logins accept a phone too, and it would name someone else's.
    /// A new name may not mix scripts that look alike (UTS #39, <see cref="UsernameScripts"/>: Cyrillic <c>а</c> in
    /// <c>аdmin</c>); an <paramref name="existing"/> name (a dadashop account moving over) keeps the script it had.
    /// </summary>
    public FieldError? UsernameError(string? username, bool existing = false)
    {
        if (string.IsNullOrWhiteSpace(username))
            return new FieldError(AccountFields.Username.Name, UsernameRequired);
        if (username.Length < UsernameMin || username.Length > UsernameMax)
            return new FieldError(AccountFields.Username.Name, "Username must be 3 to 30 characters long.");
        var normalized = UsernameNormalizer.Normalize(username);
        if (normalized.Length < UsernameMin || normalized.Length > UsernameMax)
            return new FieldError(AccountFields.Username.Name, "Username must be 3 to 30 characters long once written in standard form (e.g. full-width letters as plain ones).");
        if (!UsernamePattern().IsMatch(username) || !UsernamePattern().IsMatch(normalized))
            return new FieldError(AccountFields.Username.Name, "Username may contain only letters, digits, '_', '-' and '.'.");
        if (!existing && !UsernameScripts.IsHighlyRestrictive(normalized))
            return new FieldError(AccountFields.Username.Name, MixedScriptsMessage);
        if (AllDigits().IsMatch(normalized))
            return new FieldError(AccountFields.Username.Name, "Username cannot be only digits.");
        // Only names without letters: libphonenumber reads letters as keypad digits ("envadmin..." is a valid number).
        if (!normalized.Any(char.IsLetter) && phones.ToE164(normalized) is not null)
            return new FieldError(AccountFields.Username.Name, "Username cannot be a phone number.");
        return null;
    }

    public static FieldError? EmailError(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return new FieldError(AccountFields.Email.Name, EmailRequired);
        if (email.Length > EmailMax || !EmailAttribute.IsValid(email) || email.Any(char.IsControl))
            return new FieldError(AccountFields.Email.Name, EmailInvalid);
        return null;
    }

    [GeneratedRegex(@"^[\p{L}\p{N}_.\-]+$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex AllDigits();

    [GeneratedRegex(@"^\d{1,16}$")]
    private static partial Regex DigitsOnly();
}

using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Dashop.Web.Features.Sms;

namespace Dashop.Web.Features.Registration;

/// <summary>What a new account needs, from the page or from /v1.</summary>
public sealed record AccountInput(string? Username, string? Password, string? Phone, string? Email, string? Code);

/// <summary>A problem with one field. <paramref name="Message"/> is an English resource key.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The field rules for new accounts, shared by registration and Weibo binding.</summary>
public sealed partial class AccountRules(PhoneNumberParser phones)
{
    public const int UsernameMin = 3;
    public const int UsernameMax = 30;
    public const int PasswordMin = 8;
    public const int PasswordMax = 128;
    public const int EmailMax = 254;

    private static readonly EmailAddressAttribute EmailAttribute = new();

    /// <summary>The first problem, in form order, or null. On success <paramref name="phoneE164"/> is the parsed phone.</summary>
    public FieldError? Validate(AccountInput input, out string phoneE164)
    {
        phoneE164 = "";
        if (UsernameError(input.Username) is { } username)
            return username;
        if (string.IsNullOrEmpty(input.Password))
            return new FieldError("password", "Password is required.");
        if (input.Password.Length < PasswordMin || input.Password.Length > PasswordMax)
            return new FieldError("password", "Password must be 8 to 128 characters long.");
        if (string.IsNullOrWhiteSpace(input.Phone))
            return new FieldError("phone", "Phone number is required.");
        if (phones.ToE164(input.Phone) is not { } phone)
            return new FieldError("phone", "Phone number is not valid.");
        if (EmailError(input.Email) is { } email)
            return email;
        if (string.IsNullOrWhiteSpace(input.Code))
            return new FieldError("verify", "Verification code is required.");
        if (!DigitsOnly().IsMatch(input.Code))
            return new FieldError("verify", "Verification code is wrong or has expired.");
        phoneE164 = phone;
        return null;
    }

    public static FieldError? UsernameError(string? username)
    {
        if (string.IsNullOrWhiteSpace(username))
            return new FieldError("username", "Username is required.");
        if (username.Length < UsernameMin || username.Length > UsernameMax)
            return new FieldError("username", "Username must be 3 to 30 characters long.");
        if (!UsernamePattern().IsMatch(username))
            return new FieldError("username", "Username may contain only letters, digits, '_', '-' and '.'.");
        if (AllDigits().IsMatch(username))
            return new FieldError("username", "Username cannot be only digits.");
        return null;
    }

    public static FieldError? EmailError(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return new FieldError("email", "E-mail address is required.");
        if (email.Length > EmailMax || !EmailAttribute.IsValid(email) || email.Any(char.IsControl))
            return new FieldError("email", "E-mail address is not valid.");
        return null;
    }

    [GeneratedRegex(@"^[\p{L}\p{N}_.\-]+$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex AllDigits();

    [GeneratedRegex(@"^\d{1,16}$")]
    private static partial Regex DigitsOnly();
}

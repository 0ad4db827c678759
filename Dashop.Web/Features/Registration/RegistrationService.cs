using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Registration;

/// <summary>
/// Creates accounts whose phone is proven by an SMS code. Used by /register, /v1/users and the Weibo bind,
/// which passes extra work to run inside the same database transaction.
/// </summary>
public sealed partial class RegistrationService(
    DashopDbContext db,
    UserManager<DashopUser> users,
    AccountRules rules,
    SmsCodeService codes,
    IAccountCreatedNotifier notifier,
    TimeProvider time,
    ILogger<RegistrationService> logger)
{
    public async Task<RegistrationResult> RegisterAsync(
        AccountInput input,
        Func<DashopUser, CancellationToken, Task>? inTransaction = null,
        CancellationToken cancellationToken = default)
    {
        if (rules.Validate(input, out var phone) is { } invalid)
            return new RegistrationResult(null, RegistrationError.InvalidField, invalid);

        if (await TakenAsync(input.Username!, phone, cancellationToken) is { } taken)
            return new RegistrationResult(null, RegistrationError.Taken, taken);

        switch (await codes.VerifyAsync(phone, input.Code, cancellationToken))
        {
            case SmsVerifyOutcome.Valid:
                break;
            case SmsVerifyOutcome.Unavailable:
                return RegistrationResult.Fail(RegistrationError.Unavailable, "verify", "The verification service is unavailable; please try again shortly.");
            default:
                return RegistrationResult.Fail(RegistrationError.CodeInvalid, "verify", "Verification code is wrong or has expired.");
        }

        var user = new DashopUser
        {
            UserName = input.Username!.Trim(),
            Email = input.Email!.Trim(),
            PhoneNumber = phone,
            PhoneNumberConfirmed = true,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        var hashed = await users.HashNewPasswordAsync(user, input.Password!);
        if (!hashed.Succeeded)
            return new RegistrationResult(null, RegistrationError.InvalidField, FromIdentity(hashed));

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            IdentityResult created;
            try
            {
                created = await users.CreateAsync(user);
                if (created.Succeeded && inTransaction is not null)
                    await inTransaction(user, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Lost a race on a unique key (username, phone, or whatever inTransaction claims).
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return new RegistrationResult(null, RegistrationError.Taken,
                    await TakenAsync(input.Username!, phone, CancellationToken.None) ?? new FieldError("username", "Username or phone number is already registered."));
            }

            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return new RegistrationResult(null, RegistrationError.InvalidField, FromIdentity(created));
            }
            await transaction.CommitAsync(cancellationToken);
        }

        await codes.ConsumeAsync(phone, cancellationToken);
        LogRegistered(logger, user.Id, PhoneNumberParser.Mask(phone));
        await notifier.AccountCreatedAsync(user, cancellationToken);
        return new RegistrationResult(user, RegistrationError.None);
    }

    private async Task<FieldError?> TakenAsync(string username, string phone, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeName(username.Trim());
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken))
            return new FieldError("username", "This username is already taken.");
        if (await db.Users.AnyAsync(u => u.PhoneNumber == phone, cancellationToken))
            return new FieldError("phone", "This phone number is already registered.");
        return null;
    }

    private static FieldError FromIdentity(IdentityResult result)
    {
        var error = result.Errors.First();
        return error.Code.StartsWith("Password", StringComparison.Ordinal)
            ? new FieldError("password", "Password is too weak: use at least 8 characters with 4 different ones.")
            : error.Code.Contains("Email", StringComparison.Ordinal)
                ? new FieldError("email", "E-mail address is not valid.")
                : new FieldError("username", "Username is not valid.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} registered with phone {Phone}")]
    private static partial void LogRegistered(ILogger logger, string userId, string phone);
}

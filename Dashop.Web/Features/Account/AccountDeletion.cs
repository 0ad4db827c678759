using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Account;

/// <summary>
/// "Delete my account" (spec §11, PIPL): in one transaction the user, their Weibo profile row (and its token) and
/// sign-ins go, and the deliveries to them forget whom they went to; then this session signs out and a last e-mail to the
/// confirmed address says so (its own delivery record keeps no recipient either). The phone is free to register again.
/// </summary>
public sealed partial class AccountDeletion(
    UserManager<DashopUser> users,
    DashopDbContext db,
    PasswordGate gate,
    AccountService profiles,
    LoginService login,
    SmsCodeService codes,
    AccountNotices notices,
    ILogger<AccountDeletion> logger)
{
    public async Task<Result> DeleteAsync(DashopUser user, string? password, string? typedUserName, CancellationToken cancellationToken)
    {
        if (!string.Equals(typedUserName?.Trim(), user.UserName, StringComparison.Ordinal))
            return Result.Invalid("userName", "Type your username exactly to confirm.");
        if (await gate.CheckAsync(user, password, cancellationToken, recordProof: false) is { Succeeded: false } refused)
            return refused;

        var keys = profiles.RecipientKeys(user);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Set<SignInRecord>().Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            await db.Deliveries.Where(d => d.RecipientKey != null && keys.Contains(d.RecipientKey))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.RecipientKey, (string?)null), cancellationToken);
            if (!(await users.DeleteAsync(user)).Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                return Result.Fail(Failure.Unavailable, new FieldError("userName", "The account could not be deleted right now; please try again shortly."));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        if (user.PhoneNumber is { } phone)
            await codes.ConsumeAsync(phone, cancellationToken);
        await login.SignOutAsync();
        LogDeleted(logger, user.Id);
        await notices.TellAsync(user, AccountNoticeKind.AccountDeleted, null, cancellationToken);
        return Result.Ok;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} deleted at its owner's request")]
    private static partial void LogDeleted(ILogger logger, string userId);
}

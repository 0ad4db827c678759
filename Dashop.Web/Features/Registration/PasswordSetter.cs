using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.Registration;

/// <summary>
/// The one routine that gives an existing account a new password (a change on /account, a reset by code or link, soon a
/// staff reset): <see cref="AccountRules"/> and Identity's validators, the hash in the bulkhead, and a new security stamp
/// saved with it, so that every cookie and /v1 token issued before ends. Telling the person is the caller's part.
/// </summary>
public sealed class PasswordSetter(UserManager<DashopUser> users, PasswordHashBulkhead bulkhead)
{
    /// <summary>Null when the password is set; otherwise the problem, on the form field <paramref name="field"/>.</summary>
    public async Task<PasswordProblem?> SetAsync(DashopUser user, string? password, string field, CancellationToken cancellationToken)
    {
        if (AccountRules.PasswordError(password) is { } rule)
            return new PasswordProblem(PasswordProblemKind.Invalid, rule with { Field = field });
        var hashed = await users.HashNewPasswordAsync(user, password!, bulkhead, cancellationToken);
        if (!hashed.Succeeded)
            return PasswordHashBulkhead.IsBusy(hashed)
                ? new PasswordProblem(PasswordProblemKind.Busy, FieldError.Busy with { Field = field })
                : new PasswordProblem(PasswordProblemKind.Invalid, FieldError.FromIdentity(hashed) with { Field = field });
        var saved = await users.UpdateSecurityStampAsync(user);
        return saved.Succeeded ? null : new PasswordProblem(PasswordProblemKind.Stale, new FieldError(field, PasswordMessages.TryAgain));
    }
}

/// <summary>Why a new password was not set: it breaks a rule, no hashing slot came free, or the account changed meanwhile.</summary>
public sealed record PasswordProblem(PasswordProblemKind Kind, FieldError Error);

public enum PasswordProblemKind
{
    Invalid,
    Busy,
    Stale,
}

using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;
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
    /// <summary>
    /// <see cref="Result.Ok"/> when the password is set; otherwise <see cref="Failure.Invalid"/> (a rule),
    /// <see cref="Failure.Busy"/> (no hashing slot) or <see cref="Failure.Unavailable"/> (the account changed meanwhile),
    /// the error on the form field <paramref name="field"/>.
    /// </summary>
    public async Task<Result> SetAsync(DashopUser user, string? password, string field, CancellationToken cancellationToken)
    {
        if (AccountRules.PasswordError(password) is { } rule)
            return Result.Invalid(rule with { Field = field });
        var hashed = await users.HashNewPasswordAsync(user, password!, bulkhead, cancellationToken);
        if (!hashed.Succeeded)
            return AccountRules.Refusal(hashed).OnField(field);
        var saved = await users.UpdateSecurityStampAsync(user);
        return saved.Succeeded ? Result.Ok : Result.Fail(Failure.Unavailable, new FieldError(field, PasswordMessages.TryAgain));
    }
}

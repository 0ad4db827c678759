using Dashop.Web.Features.Account;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;

namespace Dashop.Web.Features.Profile;

/// <summary>
/// The current password that every sensitive change on the account page asks for, checked through
/// <see cref="LoginService"/> so that it is counted, locks out and runs behind the hash bulkhead like a sign-in.
/// </summary>
public sealed class PasswordGate(LoginService login)
{
    public const string Field = "password";

    /// <summary>Null when the password is right; otherwise why not, on the password field.</summary>
    public async Task<ProfileResult?> RefuseAsync(DashopUser user, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password))
            return ProfileResult.Fail(Field, "Password is required.");
        if (user.PasswordHash is null)
            return ProfileResult.Fail(Field, "This account has no password.");
        return await login.CheckPasswordAsync(user, password, cancellationToken) switch
        {
            LoginOutcome.Succeeded => null,
            LoginOutcome.LockedOut => ProfileResult.Fail(Field, "Too many failed attempts: try again later."),
            LoginOutcome.Busy => ProfileResult.Fail(Field, PasswordMessages.Busy),
            LoginOutcome.Unavailable => ProfileResult.Fail(Field, PasswordMessages.TryAgain),
            _ => ProfileResult.Fail(Field, "The password is wrong."),
        };
    }
}

using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Account;

/// <summary>
/// The current password that every sensitive change on the account page asks for, checked by
/// <see cref="ReauthenticationService"/> (through the login's counting, lockout and hash bulkhead); a right one is
/// also this session's proof of re-authentication (spec §15).
/// </summary>
public sealed class PasswordGate(ReauthenticationService reauth)
{
    public const string Field = "password";

    /// <summary>
    /// Null when the password is right; otherwise why not, on the password field. <paramref name="recordProof"/> false
    /// for a change that signs this session in again or out itself.
    /// </summary>
    public async Task<AccountResult?> RefuseAsync(DashopUser user, string? password, CancellationToken cancellationToken, bool recordProof = true) =>
        await reauth.ProveWithPasswordAsync(user, password, cancellationToken, recordProof) is { } refusal
            ? AccountResult.Fail(Field, refusal)
            : null;
}

using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Account;

/// <summary>
/// The proof that every sensitive change on the account page asks for (spec §15): the current password typed on the
/// form, checked by <see cref="ReauthenticationService"/> (through the login's counting, lockout and hash bulkhead; a
/// right one is also this session's proof), or, with the field left empty, a proof this session gave within
/// <c>Security:ReauthenticationWindow</c> (the password or a <c>reauth</c> SMS code on /account/reauth). An account
/// without a password has only the second way.
/// </summary>
public sealed class PasswordGate(ReauthenticationService reauth)
{
    public const string Field = "password";

    /// <summary>Why a change without a password and without a recent proof is refused.</summary>
    public const string ProofNeeded = "Confirm it is you first: type your current password, or use a code sent by SMS.";

    /// <summary>
    /// Succeeds when the password is right, or none was typed and this session is freshly proven; otherwise why not, on
    /// the password field. <paramref name="recordProof"/> false for a change that signs this session in again or out itself.
    /// </summary>
    public async Task<Result> CheckAsync(DashopUser user, string? password, CancellationToken cancellationToken, bool recordProof = true)
    {
        if (string.IsNullOrEmpty(password))
            return reauth.IsFresh() ? Result.Ok : Result.Fail(Failure.Expired, new FieldError(Field, ProofNeeded));
        return (await reauth.ProveWithPasswordAsync(user, password, cancellationToken, recordProof)).OnField(Field);
    }
}

using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;
using Dashop.Web.Infrastructure.Security;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// The /v1 token's life (spec §11): issued for a right password (with the lockout and the counting of /login) or a right
/// login code, and valid only while its stamp is the account's current SecurityStamp, so a reset, "sign out everywhere"
/// or a deletion ends every token issued before (checked by <see cref="TokenStatus"/>).
/// </summary>
public sealed class AccountTokens(LoginService login, SmsLoginService sms, JwtTokenService tokens, KnownDevices devices, SignInLog signIns)
{
    /// <summary>
    /// A token for a right password. <paramref name="device"/> is the client's known-device token, if any; a sign-in
    /// answers one (the same device when it was this account's), the /v1 twin of the pages' device cookie.
    /// </summary>
    public async Task<Result<SignedIn>> ForPasswordAsync(string username, string password, string? device, CancellationToken cancellationToken)
    {
        var checkedPassword = await login.CheckPasswordAsync(username, password, cancellationToken, device);
        await signIns.RecordAsync(SignInMethod.Password, checkedPassword.Failure, checkedPassword.Value?.Id, cancellationToken);
        return checkedPassword.Value is { } user ? new SignedIn(user, For(user, device)) : checkedPassword.WithoutValue();
    }

    /// <summary>A token for a right login code; a right code for a phone with no account gives only the proven phone (sign-up follows).</summary>
    public async Task<Result<SmsSignIn>> ForSmsCodeAsync(string? phone, string? code, string? device, CancellationToken cancellationToken)
    {
        var result = await sms.CheckAsync(phone, code, cancellationToken);
        return result.Value is { User: { } user } proven ? proven with { Token = For(user, device) } : result;
    }

    /// <summary>A token for an account just made by SMS sign-up: signed in as a login code signs in.</summary>
    public async Task<AccountToken> ForNewAccountAsync(DashopUser user, string? device, CancellationToken cancellationToken)
    {
        await sms.CompleteSignUpAsync(user, withCookie: false, cancellationToken);
        return For(user, device);
    }

    private AccountToken For(DashopUser user, string? device) => new(tokens.Create(user), devices.Issue(user.Id, device));
}

/// <summary>A /v1 sign-in: the account and its token.</summary>
public sealed record SignedIn(DashopUser User, AccountToken Token);

using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;

namespace Dashop.Web.Features.Account;

/// <summary>
/// The /v1 token's life (spec §11): issued for a right password (with the lockout and the counting of /login) or a right
/// login code, and valid only while its stamp is the account's current SecurityStamp, so a reset, "sign out everywhere"
/// or a deletion ends every token issued before (checked by <see cref="TokenStatus"/>).
/// </summary>
public sealed class AccountTokens(LoginService login, SmsLoginService sms, JwtTokenService tokens, SignInLog signIns)
{
    public async Task<(LoginOutcome Outcome, DashopUser? User, string? Token)> ForPasswordAsync(string username, string password,
        CancellationToken cancellationToken)
    {
        var (outcome, user) = await login.CheckPasswordAsync(username, password, cancellationToken);
        await signIns.RecordAsync(SignInMethod.Password, outcome, user?.Id, cancellationToken);
        return (outcome, user, user is null ? null : tokens.Create(user));
    }

    public async Task<(SmsLoginOutcome Outcome, DashopUser? User, string? Token)> ForSmsCodeAsync(string? phone, string? code,
        CancellationToken cancellationToken)
    {
        var (outcome, user) = await sms.CheckAsync(phone, code, cancellationToken);
        return (outcome, user, user is null ? null : tokens.Create(user));
    }
}

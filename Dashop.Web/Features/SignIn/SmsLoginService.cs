using System.Security.Claims;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// Sign-in with a <c>login</c> code sent to the account's phone (spec §11). The password lockout does not apply: a right
/// code proves the phone, and it clears the lockout, so nobody can keep a person out by typing wrong passwords for them.
/// The code is checked before the account is looked up, so a phone with no account spends its attempts like any other
/// and gets the same answer. Every attempt is recorded in the <see cref="SignInLog"/>.
/// </summary>
public sealed class SmsLoginService(
    SmsCodeService codes,
    PhoneNumberParser phones,
    DashopDbContext db,
    LoginService login,
    SignInManager<DashopUser> signIn,
    KnownDevices devices,
    IHttpContextAccessor http,
    SignInLog signIns)
{
    /// <summary>Checks the code and, when it is right, signs in with a cookie and marks this browser a known device.</summary>
    public async Task<(SmsLoginOutcome Outcome, DashopUser? User)> SignInAsync(string? phone, string? code, CancellationToken cancellationToken)
    {
        var result = await CheckAsync(phone, code, cancellationToken);
        if (result.Outcome == SmsLoginOutcome.Succeeded)
        {
            await signIn.SignInWithClaimsAsync(result.User!, isPersistent: false, [new Claim("amr", "sms")]);
            if (http.HttpContext is { } context)
                devices.Remember(context, result.User!.Id);
        }
        return result;
    }

    /// <summary>Checks the code without signing in (a /v1 token); the lockout is cleared and the code used up on success.</summary>
    public async Task<(SmsLoginOutcome Outcome, DashopUser? User)> CheckAsync(string? rawPhone, string? code, CancellationToken cancellationToken)
    {
        if (phones.ToE164(rawPhone) is not { } phone)
            return (SmsLoginOutcome.InvalidPhone, null);

        var verified = await codes.VerifyAsync(phone, code, SmsPurpose.Login, cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, cancellationToken);
        if (verified == SmsVerifyOutcome.Unavailable)
        {
            await signIns.RecordAsync(SignInMethod.Sms, SignInOutcome.Refused, user?.Id, cancellationToken);
            return (SmsLoginOutcome.Unavailable, null);
        }
        if (verified != SmsVerifyOutcome.Valid || user is null)
        {
            await signIns.RecordAsync(SignInMethod.Sms, SignInOutcome.WrongCode, user?.Id, cancellationToken);
            return (SmsLoginOutcome.WrongCode, null);
        }

        await codes.ConsumeAsync(phone, cancellationToken);
        await login.ClearLockoutAsync(user);
        await signIns.RecordAsync(SignInMethod.Sms, SignInOutcome.Succeeded, user.Id, cancellationToken);
        return (SmsLoginOutcome.Succeeded, user);
    }
}

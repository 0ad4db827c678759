using System.Security.Claims;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Results;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// Sign-in with a <c>login</c> code sent to the account's phone (spec §11). The password lockout does not apply: a right
/// code proves the phone, and it clears the lockout, so nobody can keep a person out by typing wrong passwords for them.
/// The code is checked before the account is looked up, so a phone with no account spends its attempts like any other.
/// With <c>Accounts:SmsSignUp</c> (spec §15) a right code for a mobile with no account is an <see cref="SmsSignIn"/> without a user:
/// the sign-up step follows, carried by a <see cref="IssueSignUpTicketAsync">ticket</see> on the pages. Every attempt that
/// ends is recorded in the <see cref="SignInLog"/>.
/// </summary>
public sealed class SmsLoginService(
    SmsCodeService codes,
    PhoneNumberParser phones,
    DashopDbContext db,
    LoginService login,
    SignInManager<DashopUser> signIn,
    KnownDevices devices,
    IHttpContextAccessor http,
    MessageProtection protection,
    IOptions<AccountsOptions> accounts,
    TimeProvider time,
    SignInLog signIns)
{
    /// <summary>The purpose a sign-up ticket is sealed for.</summary>
    private const string TicketPurpose = "sms-sign-up";

    public bool SignUpEnabled => accounts.Value.SmsSignUp;

    /// <summary>Checks the code and, when it is right, signs in with a cookie and marks this browser a known device.</summary>
    public async Task<Result<SmsSignIn>> SignInAsync(string? phone, string? code, CancellationToken cancellationToken)
    {
        var result = await CheckAsync(phone, code, cancellationToken);
        if (result.Value?.User is { } user)
            await SignInWithCookieAsync(user);
        return result;
    }

    /// <summary>
    /// Checks the code without signing in (a /v1 token); the lockout is cleared and the code used up on success. A right
    /// code for a phone with no account (sign-up on) leaves the code valid (its attempts count). Why not:
    /// <see cref="Failure.Invalid"/> (not a mobile an SMS may reach), <see cref="Failure.Wrong"/> (the code is wrong, expired,
    /// used up or for another purpose, or no account has the phone: never told apart), <see cref="Failure.Unavailable"/>.
    /// </summary>
    public async Task<Result<SmsSignIn>> CheckAsync(string? rawPhone, string? code, CancellationToken cancellationToken)
    {
        // A login code can only have been sent to a mobile that an SMS may reach: any other number is told so at once.
        if (phones.ToSmsRecipient(rawPhone) is not { } phone)
            return Result.Invalid(AccountFields.Phone.Name, SmsMessages.InvalidPhone);

        var verified = await codes.VerifyAsync(phone, code, SmsPurpose.Login, cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, cancellationToken);
        if (verified.Succeeded && user is null && SignUpEnabled)
            return new SmsSignIn(phone, null);
        var proven = await ProvenAsync(user, verified, cancellationToken);
        return proven.Value is { } account ? new SmsSignIn(phone, account) : proven.WithoutValue();
    }

    /// <summary>
    /// What a checked code means for the account of its phone (<paramref name="user"/>, or none): an SMS sign-in attempt,
    /// recorded either way; a right code for an account is used up and clears the password lockout. The account, or
    /// <see cref="Failure.Wrong"/> (also when no account has the phone) or <see cref="Failure.Unavailable"/>.
    /// </summary>
    public async Task<Result<DashopUser>> ProvenAsync(DashopUser? user, Result verified, CancellationToken cancellationToken)
    {
        if (verified.Failure == Failure.Unavailable)
        {
            await signIns.RecordAsync(SignInMethod.Sms, SignInOutcome.Refused, user?.Id, cancellationToken);
            return verified;
        }
        if (!verified.Succeeded || user is null)
        {
            await signIns.RecordAsync(SignInMethod.Sms, SignInOutcome.WrongCode, user?.Id, cancellationToken);
            return Result.Fail(Failure.Wrong);
        }

        await codes.ConsumeAsync(user.PhoneNumber!, cancellationToken);
        await login.ClearLockoutAsync(user);
        await signIns.RecordAsync(SignInMethod.Sms, SignInOutcome.Succeeded, user.Id, cancellationToken);
        return user;
    }

    /// <summary>
    /// After a right code for a phone with no account, on the pages: the code is used up and the proven phone travels to the
    /// sign-up step sealed (AES-GCM, bound to its purpose, <see cref="AccountsOptions.SmsSignUpStepLifetime"/>), so the step needs no second code.
    /// </summary>
    public async Task<string> IssueSignUpTicketAsync(string phoneE164, CancellationToken cancellationToken)
    {
        await codes.ConsumeAsync(phoneE164, cancellationToken);
        return protection.Protect(TicketPurpose, phoneE164, time.GetUtcNow() + accounts.Value.SmsSignUpStepLifetime);
    }

    /// <summary>The phone a sign-up ticket proves, or null when it is not one of ours, was altered or has expired.</summary>
    public string? ReadSignUpTicket(string? ticket) =>
        string.IsNullOrEmpty(ticket) || ticket.Length > 512 ? null : protection.Unprotect(TicketPurpose, ticket);

    /// <summary>
    /// An account just made by SMS sign-up (its phone proven by the code) is signed in as a login code signs in: the
    /// code is used up, the attempt recorded, and on the pages the cookie is issued and the browser remembered.
    /// </summary>
    public async Task CompleteSignUpAsync(DashopUser user, bool withCookie, CancellationToken cancellationToken)
    {
        await codes.ConsumeAsync(user.PhoneNumber!, cancellationToken);
        await signIns.RecordAsync(SignInMethod.Sms, SignInOutcome.Succeeded, user.Id, cancellationToken);
        if (withCookie)
            await SignInWithCookieAsync(user);
    }

    private async Task SignInWithCookieAsync(DashopUser user)
    {
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "sms")]);
        if (http.HttpContext is { } context)
            devices.Remember(context, user.Id);
    }
}

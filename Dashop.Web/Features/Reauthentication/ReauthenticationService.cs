using System.Globalization;
using System.Security.Claims;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Reauthentication;

/// <summary>
/// Re-authentication (spec §15): a signed-in person proves themselves again, with the current password (counted and
/// locked out like a sign-in, behind the hash bulkhead) or a <c>reauth</c> SMS code sent to the account's own phone. The
/// time of the proof lives in this session's cookie only (a claim, re-issued with the session's own properties), so it
/// ends with the session and no other session has it; actions that need it ask <see cref="RefuseAsync"/>
/// (<see cref="RequireReauthenticationAttribute"/>) and are allowed for <see cref="SecurityOptions.ReauthenticationWindow"/>.
/// </summary>
public sealed partial class ReauthenticationService(
    SignInManager<DashopUser> signIn,
    LoginService login,
    SmsCodeService codes,
    IHttpContextAccessor http,
    IOptions<SecurityOptions> options,
    TimeProvider time,
    ILogger<ReauthenticationService> logger)
{
    /// <summary>The claim of the auth cookie that holds when this session last gave a proof (Unix seconds).</summary>
    public const string ClaimType = "dashop:reauthenticated_at";

    public const string PagePath = "/account/reauth";

    /// <summary>The fields a refused proof names (the re-authentication page's, and the account page's password).</summary>
    public const string PasswordField = "password";
    public const string CodeField = "code";

    /// <summary>Sign-in methods (Identity's <c>amr</c>) that a re-issued cookie keeps.</summary>
    private const string MethodClaimType = "amr";

    public TimeSpan Window => options.Value.ReauthenticationWindow;

    public int WindowMinutes => (int)Math.Ceiling(Window.TotalMinutes);

    public static string PageFor(string returnUrl) => $"{PagePath}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public Task<DashopUser?> UserAsync(ClaimsPrincipal principal) => signIn.UserManager.GetUserAsync(principal);

    /// <summary>True when <paramref name="principal"/>'s session gave a proof within the window.</summary>
    public bool IsFresh(ClaimsPrincipal principal)
    {
        if (!long.TryParse(principal.FindFirstValue(ClaimType), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return false;
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age >= -TimeSpan.FromMinutes(1) && age <= Window;
    }

    /// <summary>True when this request's session gave a proof within the window.</summary>
    public bool IsFresh() => http.HttpContext?.User is { } principal && IsFresh(principal);

    /// <summary>
    /// Null when this request may do a sensitive action; otherwise where it goes: /login when its session has ended
    /// (the security stamp is checked against the database now, <see cref="SessionStamp"/>), or the re-authentication
    /// page, which comes back to <paramref name="returnUrl"/>.
    /// </summary>
    public async Task<IActionResult?> RefuseAsync(HttpContext context, string returnUrl)
    {
        if (await SessionStamp.EndIfStaleAsync(context))
            return SessionStamp.ToLogin(context);
        return IsFresh(context.User) ? null : new RedirectResult(PageFor(returnUrl));
    }

    /// <summary>
    /// Succeeds when <paramref name="password"/> is the account's (then, unless <paramref name="recordProof"/> is false,
    /// this session has given a proof); otherwise why not, on the password field.
    /// </summary>
    public async Task<Result> ProveWithPasswordAsync(DashopUser user, string? password, CancellationToken cancellationToken, bool recordProof = true)
    {
        if (string.IsNullOrEmpty(password))
            return Result.Invalid(PasswordField, AccountRules.PasswordRequired);
        if (user.PasswordHash is null)
            return Result.Invalid(PasswordField, "This account has no password.");
        var checkedPassword = await login.CheckPasswordAsync(user, password, cancellationToken);
        if (checkedPassword.Failure is { } failure)
            return Result.Fail(failure, new FieldError(PasswordField, failure switch
            {
                Failure.LockedOut => "Too many failed attempts: try again later.",
                Failure.Busy => PasswordMessages.Busy,
                Failure.Unavailable => PasswordMessages.TryAgain,
                _ => "The password is wrong.",
            }));
        if (recordProof)
            await RecordAsync(user);
        return Result.Ok;
    }

    /// <summary>Sends a <c>reauth</c> code to the account's own phone (never to a number the request names).</summary>
    public async Task<Result<SmsIssued>> SendCodeAsync(DashopUser user, string clientIp, CancellationToken cancellationToken) =>
        user.PhoneNumber is { } phone
            ? await codes.IssueAsync(phone, clientIp, SmsPurpose.Reauth, cancellationToken: cancellationToken)
            : Result.Invalid(AccountFields.Phone.Name, SmsMessages.InvalidPhone);

    /// <summary>
    /// Succeeds when <paramref name="code"/> is the <c>reauth</c> code sent to the account's phone (then used up, and
    /// recorded as a proof); otherwise why not, on the code field.
    /// </summary>
    public async Task<Result> ProveWithCodeAsync(DashopUser user, string? code, CancellationToken cancellationToken)
    {
        if (user.PhoneNumber is not { } phone)
            return Result.Invalid(CodeField, "This account has no phone number.");
        if (AccountRules.CodeError(code) is { } codeError)
            return Result.Invalid(codeError with { Field = CodeField });
        switch ((await codes.VerifyAsync(phone, code, SmsPurpose.Reauth, cancellationToken)).Failure)
        {
            case null:
                break;
            case Failure.Unavailable:
                return Result.Fail(Failure.Unavailable, new FieldError(CodeField, "The code could not be checked right now; please try again shortly."));
            default:
                return Result.Fail(Failure.Wrong, AccountRules.CodeWrong with { Field = CodeField });
        }
        await codes.ConsumeAsync(phone, cancellationToken);
        await RecordAsync(user);
        return Result.Ok;
    }

    /// <summary>
    /// Signs this session in again as <paramref name="user"/> (its current security stamp) with the proof's time, keeping
    /// the session's properties (persistent or not, issued, expiry) and its sign-in method.
    /// </summary>
    public async Task RecordAsync(DashopUser user)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("A proof is recorded in a request's session.");
        var current = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var claims = new List<Claim> { new(ClaimType, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)) };
        claims.AddRange((current.Principal?.FindAll(MethodClaimType) ?? []).Select(c => new Claim(c.Type, c.Value)));
        await signIn.SignInWithClaimsAsync(user, current.Properties ?? new AuthenticationProperties(), claims);
        LogProved(logger, user.Id);
    }

    /// <summary>The cookie's periodic re-validation builds a new principal: the proof goes over to it (a session keeps its proof).</summary>
    internal static void KeepProof(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal?.FindFirst(ClaimType) is { } proof)
            identity.AddClaim(new Claim(proof.Type, proof.Value));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} re-authenticated in this session")]
    private static partial void LogProved(ILogger logger, string userId);
}

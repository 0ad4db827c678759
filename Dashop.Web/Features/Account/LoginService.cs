using System.Security.Claims;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Account;

public enum LoginOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>Password sign-in by username or phone number, with Identity's lockout.</summary>
public sealed class LoginService(SignInManager<DashopUser> signIn, DashopDbContext db, PhoneNumberParser phones)
{
    public async Task<DashopUser?> FindAsync(string login, CancellationToken cancellationToken)
    {
        var normalized = signIn.UserManager.NormalizeName(login.Trim());
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (user is null && phones.ToE164(login) is { } phone)
            user = await db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == phone, cancellationToken);
        return user;
    }

    /// <summary>Checks the password (counting failures towards lockout) and, when it is right, signs in with a cookie.</summary>
    public async Task<(LoginOutcome Outcome, DashopUser? User)> PasswordSignInAsync(string login, string password, bool remember, CancellationToken cancellationToken)
    {
        var (outcome, user) = await CheckPasswordAsync(login, password, cancellationToken);
        if (outcome == LoginOutcome.Succeeded)
            await signIn.SignInWithClaimsAsync(user!, remember, [new Claim("amr", "pwd")]); // as SignInManager.PasswordSignInAsync does
        return (outcome, user);
    }

    /// <summary>Checks the password, counting failures towards lockout, without signing in (the Weibo bind links first).</summary>
    public async Task<(LoginOutcome Outcome, DashopUser? User)> CheckPasswordAsync(string login, string password, CancellationToken cancellationToken)
    {
        var user = await FindAsync(login, cancellationToken);
        if (user is null)
            return (LoginOutcome.Failed, null);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        return result.Succeeded ? (LoginOutcome.Succeeded, (DashopUser?)user)
            : result.IsLockedOut ? (LoginOutcome.LockedOut, null)
            : (LoginOutcome.Failed, null);
    }

    public Task<bool> IsLockedOutAsync(DashopUser user) => signIn.UserManager.IsLockedOutAsync(user);

    public Task SignInAsync(DashopUser user) => signIn.SignInAsync(user, isPersistent: false);

    public Task SignOutAsync() => signIn.SignOutAsync();
}

using Dashop.Web.Infrastructure;
using System.Security.Claims;
using System.Text.Json;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.SignIn;
using Microsoft.AspNetCore.Authentication;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Account;

/// <summary>What the account page shows, and "download my data" (spec §11): never a hash, token, code or stamp.</summary>
public sealed class AccountService(UserManager<DashopUser> users, DashopDbContext db, DeliveryRecipients recipients, IAuthenticationSchemeProvider schemes)
{
    public const int RecentSignIns = 20;

    /// <summary>The Identity user-token slot that holds an e-mail address waiting for confirmation.</summary>
    public const string PendingEmailProvider = "Dashop";
    public const string PendingEmailName = "PendingEmail";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The signed-in person's account, or null when it no longer exists (deleted in another session).</summary>
    public Task<DashopUser?> CurrentAsync(ClaimsPrincipal principal) => users.GetUserAsync(principal);

    /// <summary>The page of <paramref name="user"/>; <paramref name="proved"/> when this session gave a recent proof.</summary>
    public async Task<AccountPage> PageAsync(DashopUser user, bool proved, int proofMinutes, CancellationToken cancellationToken)
    {
        var linked = await LinkedAsync(user, cancellationToken);
        var offered = await ExternalProviders.ListAsync(schemes);
        var providers = offered.Select(p => linked.FirstOrDefault(l => l.Provider == p.Scheme) is { } l
                ? new AccountProvider(p.Scheme, p.DisplayName, true, true, l.DisplayName, l.AvatarUrl)
                : new AccountProvider(p.Scheme, p.DisplayName, true, false, null, null))
            .Concat(linked.Where(l => offered.All(p => p.Scheme != l.Provider))
                .Select(l => new AccountProvider(l.Provider, l.Provider, false, true, l.DisplayName, l.AvatarUrl)))
            .ToList();
        return new AccountPage
        {
            UserName = user.UserName!,
            MaskedPhone = user.PhoneNumber is { } phone ? Masking.Phone(phone) : null,
            Email = user.Email,
            EmailConfirmed = user.EmailConfirmed,
            PendingEmail = await users.GetAuthenticationTokenAsync(user, PendingEmailProvider, PendingEmailName),
            HasPassword = user.PasswordHash is not null,
            Providers = providers,
            Proved = proved,
            ProofMinutes = proofMinutes,
            SignIns = await db.Set<SignInRecord>().AsNoTracking().Where(s => s.UserId == user.Id)
                .OrderByDescending(s => s.Id).Take(RecentSignIns).ToListAsync(cancellationToken),
        };
    }

    /// <summary>
    /// The recipient keys under which deliveries to this person were stored: only their own confirmed phone and e-mail
    /// address. A pending or unconfirmed address may be someone else's (anyone can type it): listing its deliveries would
    /// tell whether another account has it, and deleting would wipe the other account's records.
    /// </summary>
    public List<string> RecipientKeys(DashopUser user)
    {
        var keys = new List<string>();
        if (user is { PhoneNumber: { } phone, PhoneNumberConfirmed: true })
            keys.Add(recipients.Key(phone));
        if (user is { Email: { } email, EmailConfirmed: true })
            keys.Add(recipients.Key(email));
        return keys;
    }

    /// <summary>The person's data as JSON: profile, linked sign-in providers, sign-ins, deliveries to them without their content.</summary>
    public async Task<byte[]> DownloadAsync(DashopUser user, CancellationToken cancellationToken)
    {
        var linked = await LinkedAsync(user, cancellationToken);
        var signIns = await db.Set<SignInRecord>().AsNoTracking().Where(s => s.UserId == user.Id).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var keys = RecipientKeys(user);
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.RecipientKey != null && keys.Contains(d.RecipientKey))
            .OrderBy(d => d.CreatedAtUtc).ToListAsync(cancellationToken);
        var data = new
        {
            profile = new
            {
                userName = user.UserName,
                phone = user.PhoneNumber,
                email = user.Email,
                emailConfirmed = user.EmailConfirmed,
                pendingEmail = await users.GetAuthenticationTokenAsync(user, PendingEmailProvider, PendingEmailName),
                createdAtUtc = user.CreatedAtUtc,
                termsAcceptedAtUtc = user.TermsAcceptedAtUtc,
                termsVersion = user.TermsVersion,
            },
            externalLogins = linked.Select(l => new
            {
                provider = l.Provider.ToLowerInvariant(),
                subject = l.Subject,
                unionId = l.UnionId,
                displayName = l.DisplayName,
                avatarUrl = l.AvatarUrl,
                boundAtUtc = l.BoundAtUtc,
            }),
            signIns = signIns.Select(s => new
            {
                atUtc = s.AtUtc,
                ip = s.Ip,
                method = s.Method.ToString().ToLowerInvariant(),
                result = s.Result.ToString(),
            }),
            deliveries = deliveries.Select(d => new
            {
                channel = d.Channel.ToString().ToLowerInvariant(),
                purpose = d.Purpose,
                recipient = d.MaskedRecipient,
                status = d.Status.ToString().ToLowerInvariant(),
                createdAtUtc = d.CreatedAtUtc,
                completedAtUtc = d.CompletedAtUtc,
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(data, Json);
    }

    /// <summary>The provider accounts linked to the account, without their tokens.</summary>
    private Task<List<ExternalAccount>> LinkedAsync(DashopUser user, CancellationToken cancellationToken) =>
        db.Set<ExternalAccount>().AsNoTracking().Where(a => a.UserId == user.Id).OrderBy(a => a.Provider).ToListAsync(cancellationToken);
}

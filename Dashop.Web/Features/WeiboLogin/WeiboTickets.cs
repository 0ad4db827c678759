using System.Security.Cryptography;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Distributed;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// The /v1 flow's short-lived values (spec §4): the OAuth <c>state</c> (server-issued, single use, kept in the cache)
/// and the bind ticket (signed, 10 minutes, naming the uid; the raw uid is never accepted from a client).
/// </summary>
public sealed class WeiboTickets(IDataProtectionProvider dataProtection, IDistributedCache cache, IAtomicStore atomic, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector _tickets = dataProtection.CreateProtector("Dashop.Weibo.BindTicket.v1").ToTimeLimitedDataProtector();

    public async Task<string> IssueStateAsync(CancellationToken cancellationToken)
    {
        var state = RandomId(32);
        await cache.SetAsync(StateKey(state), [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime }, cancellationToken);
        return state;
    }

    /// <summary>True once for a state this server issued less than 10 minutes ago; false for any other value.</summary>
    public async Task<bool> TryConsumeStateAsync(string? state, CancellationToken cancellationToken)
    {
        if (state is not { Length: 43 } || !IsRandomId(state))
            return false;
        if (await cache.GetAsync(StateKey(state), cancellationToken) is null)
            return false;
        var claim = await atomic.TryClaimAsync(StateKey(state) + ":used", Lifetime, [], []);
        if (claim.Outcome != ClaimOutcome.Claimed)
            return false;
        await cache.RemoveAsync(StateKey(state), cancellationToken);
        return true;
    }

    public string IssueTicket(string wuid) =>
        _tickets.Protect($"{wuid}:{RandomId(16)}", time.GetUtcNow() + Lifetime);

    /// <summary>The ticket's content, or null if it is not one of ours (forged, altered, a raw uid) or has expired.</summary>
    public WeiboTicket? ReadTicket(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 1024)
            return null;
        string payload;
        DateTimeOffset expiration;
        try
        {
            payload = _tickets.Unprotect(ticket, out expiration);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
        var parts = payload.Split(':');
        return expiration > time.GetUtcNow() && parts.Length == 2 && WeiboClient.UidPattern().IsMatch(parts[0])
            ? new WeiboTicket(parts[0], parts[1])
            : null;
    }

    /// <summary>One bind at a time per ticket; a successful bind keeps the claim, so the ticket cannot be used again.</summary>
    public async Task<bool> TryClaimTicketAsync(WeiboTicket ticket) =>
        (await atomic.TryClaimAsync(TicketKey(ticket), Lifetime, [], [])).Outcome == ClaimOutcome.Claimed;

    public Task ReleaseTicketAsync(WeiboTicket ticket) => atomic.DeleteAsync(TicketKey(ticket));

    private static string RandomId(int bytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    private static bool IsRandomId(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string StateKey(string state) => $"weibo:state:{state}";

    private static string TicketKey(WeiboTicket ticket) => $"weibo:ticket:{ticket.Id}";
}

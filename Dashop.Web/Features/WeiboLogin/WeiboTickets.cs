using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// The /v1 flow's short-lived values (spec §4, §14): the OAuth <c>state</c> and the bind ticket, both signed and
/// time-limited with Data Protection. A state stores nothing until it is used (so nobody can make the server keep
/// state without limit) and holds a hash of a <c>nonce</c> that only the front end that asked for it has: a callback
/// link started by someone else cannot sign a person in or bind their account. It is claimed once, when used. The
/// ticket names the uid (the raw uid is never accepted from a client).
/// </summary>
public sealed class WeiboTickets(IDataProtectionProvider dataProtection, IAtomicStore atomic, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector _tickets = dataProtection.CreateProtector("Dashop.Weibo.BindTicket.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _states = dataProtection.CreateProtector("Dashop.Weibo.FrontEndState.v2").ToTimeLimitedDataProtector();

    /// <summary>A new state for Weibo's authorize address, and the nonce the front end keeps and sends back with it.</summary>
    public (string State, string Nonce) IssueState()
    {
        var nonce = RandomId(16);
        var state = _states.Protect($"{RandomId(16)}:{NonceHash(nonce)}", time.GetUtcNow() + Lifetime);
        return (state, nonce);
    }

    /// <summary>
    /// True once for a state this server issued less than 10 minutes ago together with <paramref name="nonce"/>; false for
    /// any other value, a missing or different nonce, or a state already used.
    /// </summary>
    public async Task<bool> TryConsumeStateAsync(string? state, string? nonce)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 1024 || string.IsNullOrEmpty(nonce) || nonce.Length > 64)
            return false;
        string payload;
        DateTimeOffset expiration;
        try
        {
            payload = _states.Unprotect(state, out expiration);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
        var remaining = expiration - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero || payload.Split(':') is not [var id, var hash]
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(NonceHash(nonce))))
            return false;
        return (await atomic.TryClaimAsync($"weibo:state:{id}", remaining, [], [])).Outcome == ClaimOutcome.Claimed;
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

    private static string NonceHash(string nonce) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(nonce)));

    private static string TicketKey(WeiboTicket ticket) => $"weibo:ticket:{ticket.Id}";
}

using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// The dadashop front end's Weibo login (spec §4): no cookies (another origin), so the <c>state</c> is kept on the server
/// and the pending Weibo account travels as a signed ticket. Weibo calls and binding are the shared ones.
/// </summary>
public sealed partial class WeiboFrontEndLogin(
    WeiboClient weibo,
    ExternalLoginService bindings,
    WeiboTickets tickets,
    IOptions<WeiboOptions> options,
    ILogger<WeiboFrontEndLogin> logger)
{
    private readonly WeiboOptions _options = options.Value;

    /// <summary>
    /// Weibo's authorize address with a fresh single-use state, and the nonce the front end keeps (sessionStorage) and sends
    /// back with the callback; null when Weibo login is not available.
    /// </summary>
    public (string Url, string Nonce)? Authorization()
    {
        if (!_options.Enabled)
            return null;
        var (state, nonce) = tickets.IssueState();
        return (weibo.AuthorizeUrl(_options.FrontEndCallbackUrl, state), nonce);
    }

    /// <summary>
    /// Why not: <see cref="Failure.Invalid"/> (no code), <see cref="Failure.Forged"/> (the state or nonce is not ours, or
    /// used), <see cref="Failure.Unavailable"/> (Weibo, the store or the database).
    /// </summary>
    public async Task<Result<WeiboSignIn>> LoginAsync(string? code, string? state, string? nonce, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 256)
            return Result.Fail(Failure.Invalid);
        if (!_options.Enabled)
            return Result.Fail(Failure.Unavailable);
        try
        {
            if (!await tickets.TryConsumeStateAsync(state, nonce))
                return Result.Fail(Failure.Forged);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return Result.Fail(Failure.Unavailable);
        }

        var token = await weibo.ExchangeCodeAsync(code, _options.FrontEndCallbackUrl, cancellationToken);
        if (token.Value is null)
            return Result.Fail(Failure.Unavailable);
        var profile = await weibo.GetUserAsync(token.Value.AccessToken, token.Value.Uid, cancellationToken);
        if (profile.Value is null)
            return Result.Fail(Failure.Unavailable);

        var login = new ExternalSignIn(WeiboDefaults.Scheme, token.Value.Uid, token.Value.AccessToken, token.Value.ExpiresAt,
            profile.Value.ScreenName, profile.Value.AvatarUrl);
        var recorded = await bindings.RecordLoginAsync(login, cancellationToken);
        if (!recorded.Succeeded)
            return recorded.WithoutValue();
        return recorded.Value is { } user ? new WeiboSignIn(user, null) : new WeiboSignIn(null, tickets.IssueTicket(login.Subject));
    }

    /// <summary>Creates an account bound to the ticket's Weibo account. A ticket serves one bind at a time and one successful bind.</summary>
    public async Task<Result<DashopUser>> BindNewAccountAsync(string? ticket, AccountInput input, CancellationToken cancellationToken)
    {
        if (tickets.ReadTicket(ticket) is not { } read)
            return Result.Fail(Failure.Expired);
        try
        {
            if (!await tickets.TryClaimTicketAsync(read))
                return Result.Fail(Failure.Expired);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return Result.Fail(Failure.Unavailable);
        }

        var result = await bindings.BindNewAccountAsync(new ExternalPending(WeiboDefaults.Scheme, read.Wuid, null, null), input, cancellationToken);
        if (!result.Succeeded)
        {
            try
            {
                await tickets.ReleaseTicketAsync(read); // a wrong SMS code may be corrected with the same ticket
            }
            catch (Exception ex) when (StoreExceptions.Is(ex))
            {
                LogStoreUnavailable(logger, ex.GetType().Name);
            }
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Weibo login: the cache is unavailable ({Error})")]
    private static partial void LogStoreUnavailable(ILogger logger, string error);
}

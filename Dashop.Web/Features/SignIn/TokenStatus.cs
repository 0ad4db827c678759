using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// <c>GET /v1/tokens/status</c> (spec §11): the account's current username while a token is signed here, unexpired, and
/// carries the account's current stamp. The shop's other services ask it often, so it is kept light: a singleton, the
/// stamp from <see cref="AccountStampCache"/>, and a database context only when the cache has no entry.
/// </summary>
public sealed class TokenStatus(JwtTokenService tokens, AccountStampCache stamps)
{
    /// <summary>The username, or null. <paramref name="authorization"/> is the token, or <c>Bearer</c> and the token.</summary>
    public async Task<string?> UsernameAsync(string? authorization, IServiceProvider requestServices, CancellationToken cancellationToken)
    {
        var token = authorization?.Trim();
        if (token is not null && token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = token["Bearer ".Length..].Trim();
        if (await tokens.ValidateAsync(token) is not { } claims)
            return null;
        var (userName, stamp) = await stamps.GetAsync(claims.UserId, async (id, ct) =>
        {
            var db = requestServices.GetRequiredService<DashopDbContext>();
            var row = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.UserName, u.SecurityStamp }).FirstOrDefaultAsync(ct);
            return (row?.UserName, row?.SecurityStamp);
        }, cancellationToken);
        return userName is not null && tokens.StampMatches(claims, stamp) ? userName : null;
    }
}

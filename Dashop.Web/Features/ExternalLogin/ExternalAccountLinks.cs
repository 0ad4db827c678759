using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.ExternalLogin;

public static class ExternalAccountLinks
{
    /// <summary>
    /// Claims the still-unlinked row in one statement and says whether it did: of two links of one provider account, the
    /// second finds no such row (PostgreSQL re-checks the condition after the first commits; SQLite runs writers one at a
    /// time) and gets false.
    /// </summary>
    public static async Task<bool> TryLinkAsync(this DbSet<ExternalAccount> accounts, long id, string userId, DateTime nowUtc,
        CancellationToken cancellationToken) =>
        await accounts
            .Where(a => a.Id == id && a.UserId == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.UserId, userId)
                .SetProperty(a => a.BoundAtUtc, nowUtc)
                .SetProperty(a => a.UpdatedAtUtc, nowUtc), cancellationToken) == 1;
}

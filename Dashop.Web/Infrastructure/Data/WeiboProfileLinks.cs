using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Infrastructure.Data;

public static class WeiboProfileLinks
{
    /// <summary>
    /// Claims the still-unbound row in one statement and says whether it did: of two links of one Weibo account, the
    /// second finds no such row (PostgreSQL re-checks the condition after the first commits; SQLite runs writers one at a
    /// time) and gets false.
    /// </summary>
    public static async Task<bool> TryLinkAsync(this DbSet<WeiboProfile> profiles, string wuid, string userId, DateTime nowUtc,
        CancellationToken cancellationToken) =>
        await profiles
            .Where(w => w.Wuid == wuid && w.UserId == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.UserId, userId)
                .SetProperty(w => w.BoundAtUtc, nowUtc)
                .SetProperty(w => w.UpdatedAtUtc, nowUtc), cancellationToken) == 1;
}

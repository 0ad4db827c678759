using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Retention;

namespace Dashop.Web.Features.Deliveries;

/// <summary>Delivery records (SMS and e-mail) are kept <c>Retention:Days</c>, as the privacy policy says.</summary>
public sealed class DeliveryRetention : IRetentionRule
{
    public string Rows => "delivery records";

    public Task<int> DeleteOlderThanAsync(DashopDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken) =>
        IRetentionRule.DeleteInBatchesAsync(db.Deliveries.Where(d => d.CreatedAtUtc < cutoffUtc).OrderBy(d => d.CreatedAtUtc).Select(d => d.Id),
            ids => db.Deliveries.Where(d => ids.Contains(d.Id)), batchSize, cancellationToken);
}

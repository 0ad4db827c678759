using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Retention;

namespace Dashop.Web.Features.SignIn;

/// <summary>Sign-in records are kept <c>Retention:Days</c>, as the privacy policy says.</summary>
public sealed class SignInRetention : IRetentionRule
{
    public string Rows => "sign-in records";

    public Task<int> DeleteOlderThanAsync(DashopDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var signIns = db.Set<SignInRecord>();
        return IRetentionRule.DeleteInBatchesAsync(signIns.Where(s => s.AtUtc < cutoffUtc).OrderBy(s => s.Id).Select(s => s.Id),
            ids => signIns.Where(s => ids.Contains(s.Id)), batchSize, cancellationToken);
    }
}

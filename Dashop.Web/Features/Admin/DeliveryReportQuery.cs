using Dashop.Web.Infrastructure;
using System.Text.RegularExpressions;
using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Admin;

/// <summary>Reads the delivery records for the health page.</summary>
public sealed partial class DeliveryReportQuery(DashopDbContext db)
{
    public const int LatestCount = 50;

    public async Task<DeliveryReport> ReadAsync(DateTime sinceUtc, CancellationToken cancellationToken)
    {
        var window = db.Deliveries.AsNoTracking().Where(d => d.CreatedAtUtc >= sinceUtc);

        var counts = await window
            .GroupBy(d => new { d.Channel, d.Status })
            .Select(g => new DeliveryCount(g.Key.Channel, g.Key.Status, g.Count()))
            .ToListAsync(cancellationToken);

        var errors = await window
            .Where(d => d.ErrorCode != null && d.Status != DeliveryStatus.Sent)
            .GroupBy(d => new { d.Channel, d.Status, d.Failure, d.ErrorCode })
            .Select(g => new DeliveryErrorCount(g.Key.Channel, g.Key.Status, g.Key.Failure, g.Key.ErrorCode!, g.Count()))
            .ToListAsync(cancellationToken);

        var latest = await db.Deliveries.AsNoTracking()
            .OrderByDescending(d => d.CreatedAtUtc)
            .Take(LatestCount)
            .Select(d => new DeliveryRow(d.CreatedAtUtc, d.Channel, d.Provider, d.MaskedRecipient, d.Status, d.Failure,
                d.ErrorCode, d.Error, d.Attempts, d.CompletedAtUtc))
            .ToListAsync(cancellationToken);

        return new DeliveryReport(
            sinceUtc,
            counts,
            errors.OrderByDescending(e => e.Failure == DeliveryFailure.Configuration).ThenByDescending(e => e.Count).ToList(),
            latest.Select(d => d with { Error = MaskAddresses(d.Error) }).ToList());
    }

    /// <summary>SMTP servers quote the recipient in their refusals ("550 &lt;someone@example.com&gt;: no such user").</summary>
    public static string? MaskAddresses(string? text) =>
        text is null ? null : EmailAddress().Replace(text, m => Masking.Email(m.Value));

    [GeneratedRegex(@"[^\s<>""'@:;,()\[\]]+@[^\s<>""'@:;,()\[\]]+")]
    private static partial Regex EmailAddress();
}

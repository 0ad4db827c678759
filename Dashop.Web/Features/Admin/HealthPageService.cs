using System.Diagnostics;
using System.Reflection;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Admin;

/// <summary>Runs every health check and reads the last day's deliveries, for /admin/health and its refreshes.</summary>
public sealed partial class HealthPageService(
    HealthReportCache checks,
    DeliveryReportQuery deliveries,
    DashopDbContext db,
    HealthChartQuery charts,
    RunMode mode,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<HealthPageService> logger)
{
    public static readonly TimeSpan DeliveryWindow = TimeSpan.FromHours(24);

    private static readonly string[] Order = ["database", "cache", "masstransit-bus", "bus-backlog", "rabbitmq", "sms-quota", "sms", "smtp", "weibo"];

    private static readonly string Version =
        typeof(HealthPageService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HealthPageService).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public async Task<HealthPageModel> BuildAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reportTask = checks.GetAsync(cancellationToken);
        var deliveryReport = await ReadDeliveriesAsync(now.UtcDateTime - DeliveryWindow, cancellationToken);
        var legacyHashes = deliveryReport is null ? null : await CountLegacyHashesAsync(cancellationToken);
        var chartData = deliveryReport is null ? null : await ReadChartsAsync(now.UtcDateTime, cancellationToken);
        var report = await reportTask;

        var rows = report.Entries
            .OrderBy(e => Array.IndexOf(Order, e.Key) is var i and >= 0 ? i : Order.Length)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new CheckRow(e.Key, e.Value.Status, Math.Round(e.Value.Duration.TotalMilliseconds, 1), e.Value.Description,
                e.Value.Tags.Contains(HealthTags.Ready)))
            .ToList();

        using var process = Process.GetCurrentProcess();
        var uptime = now - new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        return new HealthPageModel(
            report.Status,
            rows,
            deliveryReport,
            chartData,
            new ProcessInfo(Version, environment.EnvironmentName, uptime < TimeSpan.Zero ? TimeSpan.Zero : uptime, Environment.MachineName),
            mode.Concerns,
            now,
            legacyHashes);
    }

    /// <summary>The page must render while the database is down (that is when it is needed): the checks say why.</summary>
    private async Task<DeliveryReport?> ReadDeliveriesAsync(DateTime sinceUtc, CancellationToken cancellationToken)
    {
        try
        {
            return await deliveries.ReadAsync(sinceUtc, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogDeliveriesUnavailable(logger, ex);
            return null;
        }
    }

    /// <summary>Accounts imported from dadashop whose owner has not logged in with a password since (spec §12).</summary>
    private async Task<int?> CountLegacyHashesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await db.Users.CountAsync(u => u.PasswordHash!.StartsWith(LegacyAwarePasswordHasher.LegacyMd5Prefix), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogLegacyCountUnavailable(logger, ex);
            return null;
        }
    }

    private async Task<HealthCharts?> ReadChartsAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        try
        {
            return await charts.ReadAsync(nowUtc, DeliveryWindow, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogDeliveriesUnavailable(logger, ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The health page could not count the accounts on a legacy password hash")]
    private static partial void LogLegacyCountUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The health page could not read the delivery records")]
    private static partial void LogDeliveriesUnavailable(ILogger logger, Exception exception);
}

using Dashop.Web.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.Admin;

public sealed record HealthPageModel(
    HealthStatus Status,
    IReadOnlyList<CheckRow> Checks,
    DeliveryReport? Deliveries,
    ProcessInfo Process,
    IReadOnlyList<RunMode.Concern> Modes,
    DateTimeOffset CheckedAt,
    int? LegacyPasswordAccounts = null);

/// <summary>One dependency: <paramref name="Description"/> names what was probed and, on failure, why; never a secret.</summary>
public sealed record CheckRow(string Name, HealthStatus Status, double DurationMs, string? Description, bool InReadiness);

public sealed record ProcessInfo(string Version, string Environment, TimeSpan Uptime, string Machine);

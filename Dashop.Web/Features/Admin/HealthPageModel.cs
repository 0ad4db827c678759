using Dashop.Web.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.Admin;

public sealed record HealthPageModel(
    HealthStatus Status,
    IReadOnlyList<CheckRow> Checks,
    DeliveryReport? Deliveries,
    HealthCharts? Charts,
    ProcessInfo Process,
    IReadOnlyList<RunMode.Concern> Modes,
    DateTimeOffset CheckedAt,
    int? LegacyPasswordAccounts = null);

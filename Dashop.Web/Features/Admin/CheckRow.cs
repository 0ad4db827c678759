using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Features.Admin;

/// <summary>One dependency: <paramref name="Description"/> names what was probed and, on failure, why; never a secret.</summary>
public sealed record CheckRow(string Name, HealthStatus Status, double DurationMs, string? Description, bool InReadiness);

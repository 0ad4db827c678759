namespace Dashop.Web.Infrastructure;

/// <summary>Which implementation each concern uses (spec §1); logged at start and shown on the admin page.</summary>
public sealed class RunMode(IEnumerable<RunMode.Concern> concerns)
{
    public sealed record Concern(string Name, string Mode);

    public IReadOnlyList<Concern> Concerns { get; } = concerns.ToList();

    public override string ToString() => string.Join(", ", Concerns.Select(c => $"{c.Name}={c.Mode}"));
}

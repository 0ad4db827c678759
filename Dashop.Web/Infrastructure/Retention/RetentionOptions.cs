using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Infrastructure.Retention;

/// <summary>How long delivery and sign-in records are kept (spec §13).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Records older than this many days are deleted.</summary>
    [Range(1, 3650)]
    public int Days { get; set; } = 90;

    /// <summary>Rows deleted by one statement, so that a large backlog never holds a long lock.</summary>
    [Range(10, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Minutes after start before the first pass (then one pass a day), so that start-up is not slowed by it.</summary>
    [Range(0, 1440)]
    public int StartDelayMinutes { get; set; } = 5;
}

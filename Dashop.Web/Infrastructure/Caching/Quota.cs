namespace Dashop.Web.Infrastructure.Caching;

/// <summary>A counter that may grow to <paramref name="Limit"/> within its window.</summary>
public sealed record Quota(string Key, long Limit, TimeSpan Window);

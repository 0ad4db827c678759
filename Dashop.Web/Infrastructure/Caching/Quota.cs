namespace Dashop.Web.Infrastructure.Caching;

/// <summary>
/// A counter that may grow to <paramref name="Limit"/> within its window. A <paramref name="CheckOnly"/> quota is not
/// counted by a claim: the claim is refused while the counter has reached its limit (someone else counts it, as the SMS
/// consumer counts the site's hourly cap when an SMS is really sent).
/// </summary>
public sealed record Quota(string Key, long Limit, TimeSpan Window, bool CheckOnly = false);

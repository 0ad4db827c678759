namespace Dashop.Web.Infrastructure.Telemetry;

/// <summary>
/// A limit a feature enforces, exported as <c>dashop_limit{limit="<paramref name="Name"/>"}</c> so that an alert can
/// compare usage with it (the SMS feature registers <c>sms_per_hour</c>). Registered as a singleton by the feature.
/// </summary>
public sealed record ConfiguredLimit(string Name, long Value);

using System.Diagnostics.Metrics;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Security;

namespace Dashop.Web.Infrastructure.Telemetry;

/// <summary>
/// The product's own instruments, in the <c>Dashop</c> meter: one place names them all, and the parts of the app record
/// into them where the events happen (the SMS code service, the delivery log, the sign-in log). Tags are closed sets
/// (a reason, a provider status code, a method, a result) so that a series never carries a phone, an address or a user.
/// The series that alerts divide or take a rate of (deploy/prometheus/dashop-alerts.yml) exist from the start at 0: a
/// rate over a counter that appears only with its first failure is empty, and an alert on it would never fire at the
/// first failures. Resolved at start by <see cref="TelemetryExtensions.UseDashopMetrics"/> for the same reason.
/// </summary>
public sealed class DashopMetrics : IDisposable
{
    public const string MeterName = "Dashop";

    private readonly Meter _meter;
    private readonly Counter<long> _codesIssued;
    private readonly Counter<long> _codesRefused;
    private readonly Counter<long> _smsSent;
    private readonly Counter<long> _smsFailed;
    private readonly Counter<long> _emailsSent;
    private readonly Counter<long> _emailsFailed;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _lockouts;

    /// <summary>The reasons of <see cref="SmsCodeRefused"/>.</summary>
    public static readonly IReadOnlyList<string> RefusalReasons = ["invalid_phone", "cooldown", "rate_limited", "unavailable"];

    /// <summary>The <c>code</c> of a failure that had no provider status code (a timeout, a refused connection).</summary>
    public const string NoCode = "none";

    public DashopMetrics(IMeterFactory meters, IServiceProvider services)
    {
        _meter = meters.Create(MeterName);
        _codesIssued = _meter.CreateCounter<long>("dashop.sms.codes.issued", "{code}", "SMS verification codes issued and queued for sending.");
        _codesRefused = _meter.CreateCounter<long>("dashop.sms.codes.refused", "{code}", "SMS verification codes refused, by reason.");
        _smsSent = _meter.CreateCounter<long>("dashop.sms.sent", "{message}", "SMS accepted by the provider.");
        _smsFailed = _meter.CreateCounter<long>("dashop.sms.failed", "{message}", "SMS that failed for good, by provider status code.");
        _emailsSent = _meter.CreateCounter<long>("dashop.email.sent", "{message}", "E-mails accepted by the SMTP server.");
        _emailsFailed = _meter.CreateCounter<long>("dashop.email.failed", "{message}", "E-mails that failed for good, by status code.");
        _deliveryLatency = _meter.CreateHistogram<double>("dashop.delivery.latency", "s",
            "From a delivery's record being created to the provider accepting it, by channel.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _signIns = _meter.CreateCounter<long>("dashop.signins", "{attempt}", "Sign-in attempts, by method and result.");
        _lockouts = _meter.CreateCounter<long>("dashop.lockouts", "{lockout}", "Accounts locked out after repeated failed passwords.");
        // Resolved when observed: the bus registers the backlog, and it only fills on the in-memory transport.
        _meter.CreateObservableGauge("dashop.bus.backlog", () => services.GetService<InMemoryBacklog>()?.Waiting ?? 0, "{message}",
            "Messages published on the in-memory bus and not yet picked up by a consumer.");
        _meter.CreateObservableCounter("dashop.password_hash.refused", () => services.GetService<PasswordHashBulkhead>()?.Refused ?? 0, "{request}",
            "Password hashes refused by the bulkhead after waiting Security:PasswordHashWait for a slot (answered as busy).");
        _meter.CreateObservableGauge("dashop.password_hash.running", () => services.GetService<PasswordHashBulkhead>()?.Running ?? 0, "{hash}",
            "Password hashes running now (at most Security:PasswordHashConcurrency).");
        _meter.CreateObservableGauge("dashop.limit", () => Limits(services), unit: null,
            description: "Configured limits that alerts compare usage with, by limit: sms_per_hour (Sms:MaxPerHour), bus_backlog, password_hash_concurrency.");
        _meter.CreateObservableGauge("dashop.health", () => services.GetService<HealthMetricsPublisher>()?.Statuses() ?? [], unit: null,
            description: "The last result of each health check, by check: 1 healthy, 0.5 degraded, 0 unhealthy.");

        _codesIssued.Add(0);
        foreach (var reason in RefusalReasons)
            _codesRefused.Add(0, new KeyValuePair<string, object?>("reason", reason));
        _smsSent.Add(0);
        _emailsSent.Add(0);
        _smsFailed.Add(0, new KeyValuePair<string, object?>("code", NoCode));
        _emailsFailed.Add(0, new KeyValuePair<string, object?>("code", NoCode));
        _lockouts.Add(0);
    }

    private static IEnumerable<Measurement<long>> Limits(IServiceProvider services)
    {
        foreach (var limit in services.GetServices<ConfiguredLimit>())
            yield return new Measurement<long>(limit.Value, new KeyValuePair<string, object?>("limit", limit.Name));
        if (services.GetService<InMemoryBacklog>() is { } backlog)
            yield return new Measurement<long>(backlog.Limit, new KeyValuePair<string, object?>("limit", "bus_backlog"));
        if (services.GetService<PasswordHashBulkhead>() is { } bulkhead)
            yield return new Measurement<long>(bulkhead.Concurrency, new KeyValuePair<string, object?>("limit", "password_hash_concurrency"));
    }

    public void SmsCodeIssued() => _codesIssued.Add(1);

    /// <summary><paramref name="reason"/>: a short fixed word (invalid_phone, cooldown, rate_limited, unavailable).</summary>
    public void SmsCodeRefused(string reason) => _codesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A delivery ended. <paramref name="channel"/> is <c>sms</c> or <c>email</c>; <paramref name="code"/> the provider's status code on failure.</summary>
    public void DeliveryEnded(string channel, bool sent, string? code, TimeSpan latency)
    {
        var isSms = channel == "sms";
        if (sent)
        {
            (isSms ? _smsSent : _emailsSent).Add(1);
            _deliveryLatency.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("channel", channel));
        }
        else
        {
            (isSms ? _smsFailed : _emailsFailed).Add(1, new KeyValuePair<string, object?>("code", code ?? NoCode));
        }
    }

    public void SignIn(string method, string result) =>
        _signIns.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("result", result));

    public void LockedOut() => _lockouts.Add(1);

    public void Dispose() => _meter.Dispose();
}

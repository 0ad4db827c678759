using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Dashop.Web.Infrastructure.Telemetry;

/// <summary>
/// Who may read <c>/metrics</c> (the Prometheus servers' networks; everyone else gets a 404), and how often the health
/// checks run for the <c>dashop_health</c> gauge.
/// </summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string SectionName = "Metrics";

    /// <summary>Networks in CIDR notation; loopback by default.</summary>
    public string[] AllowedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>
    /// Seconds between two runs of every health check for the <c>dashop_health</c> gauge (each instance probes the SMS
    /// provider, SMTP and Weibo once per period); the first run is 5 seconds after start.
    /// </summary>
    [Range(5, 3600)]
    public int HealthPeriodSeconds { get; set; } = 60;

    internal IReadOnlyList<IPNetwork> Networks => field ??= AllowedNetworks.Select(n => IPNetwork.Parse(n)).ToArray();

    public bool Allows(IPAddress? address)
    {
        if (address is null)
            return false;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return Networks.Any(n => n.Contains(address));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"{SectionName}:{nameof(AllowedNetworks)}: '{network}' is not a network in CIDR notation (10.0.0.0/8).", [nameof(AllowedNetworks)]);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> / <c>-Proto</c> are believed, so that per-IP caps count the client and
/// not the proxy. With none named the headers are not read at all (believing anyone would make the caps spoofable).
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>IP addresses of the proxies.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks in CIDR notation (<c>10.0.0.0/8</c>), as container platforms give proxies changing addresses.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"{SectionName}:{nameof(KnownProxies)}: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"{SectionName}:{nameof(KnownNetworks)}: '{network}' is not a network in CIDR notation (10.0.0.0/8).", [nameof(KnownNetworks)]);
    }
}

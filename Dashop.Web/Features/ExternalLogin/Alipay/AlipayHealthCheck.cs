using Dashop.Web.Features.ExternalLogin.Providers;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>Alipay login: the simulator, "not configured", or the gateway's host accepts a TCP connection.</summary>
public sealed class AlipayHealthCheck(IOptions<AlipayOptions> alipay) : EndpointHealthCheck
{
    protected override (string Provider, string? SimulatorPath, string? MissingKey, string Endpoint) Target() =>
        ("Alipay", AlipaySimulator.IsPointedAt(alipay.Value) ? AlipaySimulator.BasePath : null, alipay.Value.Enabled ? null : "Alipay:AppId", alipay.Value.GatewayEndpoint);
}

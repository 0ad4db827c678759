using Dashop.Web.Features.ExternalLogin.Providers;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>QQ login: the simulator, "not configured", or the token endpoint's host accepts a TCP connection.</summary>
public sealed class QQHealthCheck(IOptions<QQOptions> qq) : EndpointHealthCheck
{
    protected override (string Provider, string? SimulatorPath, string? MissingKey, string Endpoint) Target() =>
        ("QQ", QQSimulator.IsPointedAt(qq.Value) ? QQSimulator.BasePath : null, qq.Value.Enabled ? null : "QQ:ClientId", qq.Value.TokenEndpoint);
}

using Dashop.Web.Features.ExternalLogin.Providers;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

public static class AlipayExtensions
{
    /// <summary>
    /// Alipay login (spec §15): the OAuth handler signing into Identity's external cookie, the signed gateway client, its
    /// health check and, in Development without <c>Alipay:AppId</c>, the simulator at /dev/alipay with its own key pairs.
    /// Without credentials elsewhere no scheme is registered: no button on /login, and /login/alipay answers 404.
    /// </summary>
    public static WebApplicationBuilder AddDashopAlipay(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("alipay"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity();
        var configuredOptions = builder.Configuration.Read<AlipayOptions>(AlipayOptions.SectionName);
        var configured = configuredOptions.Enabled;
        var simulated = !configured && builder.Environment.IsDevelopment();

        var alipay = services.AddValidatedOptions<AlipayOptions>(AlipayOptions.SectionName);
        if (simulated)
            alipay.PostConfigure<IOptions<AppOptions>, AlipaySimulator>((o, app, simulator) => simulator.PointAt(o, app.Value.PublicBaseUrl));
        services.AddProviderCheck<AlipayHealthCheck>("alipay");

        // Both gateway calls are POSTs, tried once: the first spends a single-use code.
        services.AddProviderClient(AlipayClient.ClientName, attempts: 1, sp => sp.GetRequiredService<IOptions<AlipayOptions>>().Value.TimeoutSeconds);
        services.AddSingleton<AlipayClient>();
        if (builder.Environment.IsDevelopment())
        {
            services.TryAddSingleton<SimulatorGrants>();
            services.AddSingleton<AlipaySimulator>();
        }

        if (configured || simulated)
        {
            builder.AddExternalLoginProvider<AlipayAuthenticationOptions, AlipayAuthenticationHandler>(AlipayDefaults.Scheme, AlipayDefaults.DisplayName, (o, sp) =>
            {
                var a = sp.GetRequiredService<IOptions<AlipayOptions>>().Value;
                o.ClientId = a.AppId;
                o.AuthorizationEndpoint = a.AuthorizationEndpoint;
                o.TokenEndpoint = a.GatewayEndpoint;
                o.UserInformationEndpoint = a.GatewayEndpoint;
            });
        }

        var mode = simulated ? $"simulator ({AlipaySimulator.BasePath})"
            : configured ? $"{new Uri(configuredOptions.GatewayEndpoint).Authority} (RSA2 gateway)"
            : "off (Alipay:AppId is not set)";
        services.AddSingleton(new RunMode.Concern("alipay", mode));
        return builder;
    }
}

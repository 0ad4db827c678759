using Dashop.Web.Features.ExternalLogin.Providers;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.QQ;

public static class QQExtensions
{
    /// <summary>
    /// QQ login (spec §15): the OAuth handler signing into Identity's external cookie, its client, its health check and, in
    /// Development without <c>QQ:ClientId</c>, the simulator at /dev/qq. Without credentials elsewhere no scheme is registered:
    /// no button on /login, and /login/qq answers 404.
    /// </summary>
    public static WebApplicationBuilder AddDashopQQ(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("qq"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity();
        var configuredOptions = builder.Configuration.Read<QQOptions>(QQOptions.SectionName);
        var configured = configuredOptions.Enabled;
        var simulated = !configured && builder.Environment.IsDevelopment();

        var qq = services.AddValidatedOptions<QQOptions>(QQOptions.SectionName);
        if (simulated)
            qq.PostConfigure<IOptions<AppOptions>>((o, app) => QQSimulator.PointAt(o, app.Value.PublicBaseUrl));
        services.AddProviderCheck<QQHealthCheck>("qq");

        // The code exchange is tried once (a code is single use); /oauth2.0/me and get_user_info up to three times.
        services.AddProviderClient(QQClient.TokenClientName, attempts: 1, sp => sp.GetRequiredService<IOptions<QQOptions>>().Value.TimeoutSeconds);
        services.AddProviderClient(QQClient.ApiClientName, attempts: 3, sp => sp.GetRequiredService<IOptions<QQOptions>>().Value.TimeoutSeconds);
        services.AddSingleton<QQClient>();
        if (builder.Environment.IsDevelopment())
        {
            services.TryAddSingleton<SimulatorGrants>();
            services.AddSingleton<QQSimulator>();
        }

        if (configured || simulated)
        {
            builder.AddExternalLoginProvider<QQAuthenticationOptions, QQAuthenticationHandler>(QQDefaults.Scheme, QQDefaults.DisplayName, (o, sp) =>
            {
                var q = sp.GetRequiredService<IOptions<QQOptions>>().Value;
                o.ClientId = q.ClientId;
                o.ClientSecret = q.ClientSecret;
                o.AuthorizationEndpoint = q.AuthorizationEndpoint;
                o.TokenEndpoint = q.TokenEndpoint;
                o.UserInformationEndpoint = q.UserInformationEndpoint;
            });
        }

        var mode = simulated ? $"simulator ({QQSimulator.BasePath})"
            : configured ? $"{new Uri(configuredOptions.AuthorizationEndpoint).Authority} (OAuth 2.0)"
            : "off (QQ:ClientId is not set)";
        services.AddSingleton(new RunMode.Concern("qq", mode));
        return builder;
    }
}

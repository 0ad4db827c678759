using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Web;

public static class ForwardedHeadersExtensions
{
    public static WebApplicationBuilder AddDashopForwardedHeaders(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("forwarded-headers"))
            return builder;
        services.AddValidatedOptions<TrustedProxyOptions>(TrustedProxyOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) =>
            {
                o.KnownProxies = ConfigurationLists.Read(configuration, $"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.KnownProxies)}");
                o.KnownNetworks = ConfigurationLists.Read(configuration, $"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.KnownNetworks)}");
            });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((o, trusted) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.KnownProxies)
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in trusted.Value.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return builder;
    }

    /// <summary>With no proxy named the headers are not read at all (an empty list would mean "believe anyone").</summary>
    public static WebApplication UseDashopForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.Enabled)
            app.UseForwardedHeaders();
        return app;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// Spec §14: in Production <c>App:PublicBaseUrl</c> must be https unless <c>App:AllowHttp</c>. With https every cookie is
/// Secure, HTTP is redirected to HTTPS (except the probes and the scrapers, which call over plain HTTP inside the network),
/// and HSTS is sent.
/// </summary>
public static class TransportSecurityExtensions
{
    public static WebApplicationBuilder AddDashopTransportSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("transport-security"))
            return builder;
        var production = builder.Environment.IsProduction();
        services.AddOptions<AppOptions>()
            .Validate(o => !production || o.UsesHttps || o.AllowHttp,
                "App:PublicBaseUrl must be an https address in Production (or set App:AllowHttp=true for a bench, a test or a local compose).");
        // Redirect to the public address's port; behind a proxy that ends TLS, name it in ForwardedHeaders so that its
        // X-Forwarded-Proto makes requests count as HTTPS.
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<AppOptions>>((o, app) =>
        {
            if (app.Value.UsesHttps && Uri.TryCreate(app.Value.PublicBaseUrl, UriKind.Absolute, out var url))
                o.HttpsPort = url.Port;
        });
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SecureCookies>();
        services.AddSingleton<IPostConfigureOptions<AntiforgeryOptions>, SecureCookies>();
        services.AddSingleton<IPostConfigureOptions<CookieTempDataProviderOptions>, SecureCookies>();
        return builder;
    }

    public static WebApplication UseDashopTransportSecurity(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<AppOptions>>().Value.UsesHttps)
            return app;
        app.UseHsts();
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/metrics"),
            branch => branch.UseHttpsRedirection());
        return app;
    }

    /// <summary>With https, the sign-in, external-login and antiforgery cookies are sent over HTTPS only.</summary>
    private sealed class SecureCookies(IOptions<AppOptions> app)
        : IPostConfigureOptions<CookieAuthenticationOptions>, IPostConfigureOptions<AntiforgeryOptions>, IPostConfigureOptions<CookieTempDataProviderOptions>
    {
        public void PostConfigure(string? name, CookieTempDataProviderOptions options)
        {
            if (app.Value.UsesHttps)
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        }

        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (app.Value.UsesHttps)
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        }

        public void PostConfigure(string? name, AntiforgeryOptions options)
        {
            if (app.Value.UsesHttps)
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        }
    }
}

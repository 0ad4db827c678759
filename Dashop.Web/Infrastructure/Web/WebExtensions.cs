using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Dashop.Web.Infrastructure.Web;

public static class WebExtensions
{
    public const string FrontEndCorsPolicy = "frontend";
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddDashopWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AppOptions>()
            .BindConfiguration(AppOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The .resx files sit beside SharedResource.cs, so they are named after the type itself.
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });

        services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .ConfigureApiBehaviorOptions(o => o.InvalidModelStateResponseFactory = Features.Api.ApiResponses.FromInvalidModelState)
            .ConfigureApplicationPartManager(m =>
            {
                if (!builder.Environment.IsDevelopment())
                    m.FeatureProviders.Add(new RemoveDevelopmentOnlyControllers());
            });
        services.Configure<RazorViewEngineOptions>(o =>
        {
            o.ViewLocationFormats.Clear();
            foreach (var format in FeatureViewLocations.Formats)
                o.ViewLocationFormats.Add(format);
            o.ViewLocationExpanders.Add(new FeatureViewLocations());
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "dashop.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()
            ?? (builder.Configuration["Cors:AllowedOrigins"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries);
        services.AddCors(o => o.AddPolicy(FrontEndCorsPolicy, p => p
            .WithOrigins(origins)
            .WithMethods("GET", "POST")
            .WithHeaders("Content-Type", "Authorization")));

        // Chinese text is written as text, not as &#x...; entities (smaller pages, readable source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddDashopRateLimits(builder.Configuration);
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            // Only the proxies named here are believed (the per-IP caps would be spoofable otherwise).
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in (builder.Configuration["ForwardedHeaders:KnownProxies"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!System.Net.IPAddress.TryParse(proxy, out var address))
                    throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
                o.KnownProxies.Add(address);
            }
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }

    public static WebApplication UseDashopWeb(this WebApplication app)
    {
        // With no proxy named the headers are not read at all (an empty list would mean "believe anyone").
        if (!string.IsNullOrWhiteSpace(app.Configuration["ForwardedHeaders:KnownProxies"]))
            app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseDashopSecurityHeaders();
        app.Use(async (context, next) =>
        {
            // Kestrel enforces [RequestSizeLimit] while reading; this answers a declared oversize body at once, on any
            // server, and refuses bodies that are not JSON before anything (a form reader, say) tries to parse them.
            if (context.Request.Path.StartsWithSegments("/v1") && HttpMethods.IsPost(context.Request.Method)
                && Features.Api.ApiResponses.RefuseBody(context.Request) is { } refusal)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(Features.Api.ApiResponses.Envelope(400, refusal));
                return;
            }
            await next();
        });
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        return app;
    }
}

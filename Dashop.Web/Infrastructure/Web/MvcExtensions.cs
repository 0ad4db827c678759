using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Dashop.Web.Infrastructure.Web;

public static class MvcExtensions
{
    /// <summary>Controllers with views in feature folders, antiforgery on every form, development-only controllers only in Development.</summary>
    public static WebApplicationBuilder AddDashopMvc(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("mvc"))
            return builder;
        builder.AddDashopLocalization();
        services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add<ExpiredFormFilter>();
            })
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
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
        // Chinese text is written as text, not as &#x...; entities (smaller pages, readable source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }
}

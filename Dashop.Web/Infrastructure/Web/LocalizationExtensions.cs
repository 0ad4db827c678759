using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Infrastructure.Web;

public static class LocalizationExtensions
{
    /// <summary>Chinese first (the shop's customers), English by Accept-Language.</summary>
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddDashopLocalization(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("localization"))
            return builder;
        // The .resx files sit beside SharedResource.cs, so they are named after the type itself.
        builder.Services.AddLocalization();
        // The same localizers, their answers kept (CachingStringLocalizerFactory); IViewLocalizer and IHtmlLocalizer use it too.
        builder.Services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        builder.Services.AddSingleton<IStringLocalizerFactory>(sp =>
            new CachingStringLocalizerFactory(sp.GetRequiredService<ResourceManagerStringLocalizerFactory>()));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });
        return builder;
    }
}

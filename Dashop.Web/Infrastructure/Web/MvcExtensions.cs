using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Infrastructure.Web;

public static class MvcExtensions
{
    /// <summary>What a field given a value of the wrong type says (<see cref="TypedFieldModelBinder"/>); {0} is the field's name.</summary>
    public const string InvalidValueMessage = "{0} is not valid.";

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
                o.ModelBinderProviders.Insert(0, new TypedFieldModelBinderProvider());
                o.Filters.Add<ExpiredFormFilter>();
            })
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .ConfigureApplicationPartManager(m =>
            {
                if (!builder.Environment.IsDevelopment())
                    m.FeatureProviders.Add(new RemoveDevelopmentOnlyControllers());
            });
        // A value of the wrong type is a field error that names the field, in the page's language.
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((o, localizers) =>
        {
            var text = localizers.Create(typeof(SharedResource));
            o.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((_, field) => text[InvalidValueMessage, field]);
            o.ModelBindingMessageProvider.SetUnknownValueIsInvalidAccessor(field => text[InvalidValueMessage, field]);
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
        services.TryAddSingleton<EmailLinks>();
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }
}

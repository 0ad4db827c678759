using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Infrastructure.Retention;

public static class RetentionExtensions
{
    /// <summary>The daily deletion of old delivery and sign-in records, on one instance at a time (the cache's lease).</summary>
    public static WebApplicationBuilder AddDashopRetention(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("retention"))
            return builder;
        builder.AddDashopDatabase().AddDashopCaching();
        builder.Services.AddValidatedOptions<RetentionOptions>(RetentionOptions.SectionName);
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return builder;
    }
}

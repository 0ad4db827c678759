using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Retention;
using Dashop.Web.Infrastructure.Web;

namespace Dashop.Web.Features.Legal;

public static class LegalExtensions
{
    /// <summary>The terms and privacy policy a sign-up agrees to (spec §11, consent): the pages and their version.</summary>
    public static WebApplicationBuilder AddDashopLegal(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("legal"))
            return builder;
        builder.AddDashopWeb().AddDashopRetention(); // the privacy policy names how long records are kept
        builder.Services.AddValidatedOptions<LegalOptions>(LegalOptions.SectionName);
        return builder;
    }
}

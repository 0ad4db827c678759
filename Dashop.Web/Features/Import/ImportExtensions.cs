using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;

namespace Dashop.Web.Features.Import;

public static class ImportExtensions
{
    /// <summary>The <c>import-dadashop</c> verb and what it needs; the site itself does not use them.</summary>
    public static WebApplicationBuilder AddDashopImport(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("import"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopSms().AddDashopRegistration();
        builder.Services.AddScoped<DadashopImporter>();
        builder.Services.AddScoped<ImportDadashopCommand>();
        return builder;
    }
}

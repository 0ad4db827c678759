using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.Reauthentication;

public static class ReauthenticationExtensions
{
    /// <summary>Re-authentication (spec §15): the page, the service and the filter that sensitive actions put on.</summary>
    public static WebApplicationBuilder AddDashopReauthentication(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("reauthentication"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopSignIn().AddDashopSms();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ReauthenticationService>();
        builder.Services.Configure<SecurityStampValidatorOptions>(o =>
        {
            var before = o.OnRefreshingPrincipal;
            o.OnRefreshingPrincipal = async context =>
            {
                if (before is not null)
                    await before(context);
                ReauthenticationService.KeepProof(context);
            };
        });
        return builder;
    }
}

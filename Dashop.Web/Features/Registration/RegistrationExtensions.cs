using Dashop.Web.Features.Account;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Legal;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Infrastructure;

namespace Dashop.Web.Features.Registration;

public static class RegistrationExtensions
{
    /// <summary>New accounts: the field rules, the one creation path, and sign-up with an SMS code (its activation e-mail included).</summary>
    public static WebApplicationBuilder AddDashopRegistration(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("registration"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopSms().AddDashopActivation().AddDashopAccount().AddDashopLegal();
        builder.Services.AddSingleton<AccountRules>();
        builder.Services.AddScoped<AccountCreator>();
        builder.Services.AddScoped<RegistrationService>();
        return builder;
    }
}

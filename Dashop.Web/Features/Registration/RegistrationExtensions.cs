using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Legal;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Infrastructure;

namespace Dashop.Web.Features.Registration;

public static class RegistrationExtensions
{
    /// <summary>New accounts: the field rules, the one creation path, and sign-up with an SMS code. Features that
    /// take part in a new account (Activation's e-mail) add an <see cref="IAccountCreatedNotifier"/>; none is named here.</summary>
    public static WebApplicationBuilder AddDashopRegistration(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("registration"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopSms().AddDashopSignIn().AddDashopLegal();
        builder.Services.AddSingleton<AccountRules>();
        builder.Services.AddScoped<AccountCreator>();
        builder.Services.AddScoped<PasswordSetter>();
        builder.Services.AddScoped<RegistrationService>();
        builder.Services.AddScoped<SmsSignUpService>();
        return builder;
    }
}

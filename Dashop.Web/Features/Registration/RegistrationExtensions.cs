using Dashop.Web.Features.Account;

namespace Dashop.Web.Features.Registration;

public static class RegistrationExtensions
{
    public static WebApplicationBuilder AddDashopRegistration(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AccountRules>();
        builder.Services.AddScoped<RegistrationService>();
        builder.Services.AddScoped<LoginService>();
        return builder;
    }
}

using Dashop.Web.Features.Registration;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure;

namespace Dashop.Web.Features.Account;

public static class AccountExtensions
{
    /// <summary>The account page (spec §11): profile, changes, download and deletion.</summary>
    public static WebApplicationBuilder AddDashopAccount(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("profile"))
            return builder;
        builder.AddDashopSignIn().AddDashopRegistration().AddDashopActivation().AddDashopNotices().AddDashopDeliveries().AddDashopSms()
            .AddDashopReauthentication().AddDashopExternalLogin();
        builder.Services.AddScoped<PasswordGate>();
        builder.Services.AddScoped<AccountService>();
        builder.Services.AddScoped<AccountChanges>();
        builder.Services.AddScoped<AccountDeletion>();
        return builder;
    }
}

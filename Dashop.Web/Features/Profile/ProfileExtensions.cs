using Dashop.Web.Features.Account;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure;

namespace Dashop.Web.Features.Profile;

public static class ProfileExtensions
{
    /// <summary>The account page (spec §11): profile, changes, download and deletion.</summary>
    public static WebApplicationBuilder AddDashopProfile(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("profile"))
            return builder;
        builder.AddDashopAccount().AddDashopActivation().AddDashopNotices().AddDashopDeliveries().AddDashopSms()
            .AddDashopReauthentication();
        builder.Services.AddScoped<PasswordGate>();
        builder.Services.AddScoped<ProfileService>();
        builder.Services.AddScoped<ProfileChanges>();
        builder.Services.AddScoped<AccountDeletion>();
        return builder;
    }
}

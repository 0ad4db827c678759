using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Retention;

namespace Dashop.Web.Features.SignIn;

public static class SignInExtensions
{
    /// <summary>Signing in and out with a password or a login code (the login page offers each registered external scheme), and /v1 tokens.</summary>
    public static WebApplicationBuilder AddDashopSignIn(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("account"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopSms();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<SignInLog>();
        builder.AddDashopRetention();
        builder.Services.AddSingleton<IRetentionRule, SignInRetention>();
        builder.Services.AddScoped<LoginService>();
        builder.Services.AddScoped<SmsLoginService>();
        builder.Services.AddScoped<AccountTokens>();
        builder.Services.AddSingleton<AccountStampCache>();
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<AccountStampCache>());
        builder.Services.AddSingleton<TokenStatus>();
        builder.Services.RemoveAll<ISmsAccountDirectory>();
        builder.Services.AddScoped<ISmsAccountDirectory, AccountPhoneDirectory>();
        return builder;
    }
}

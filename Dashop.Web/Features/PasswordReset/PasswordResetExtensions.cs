using Dashop.Web.Features.Registration;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashop.Web.Features.PasswordReset;

public static class PasswordResetExtensions
{
    /// <summary>Forgotten password (spec §11): the pages, the reset link's token, the reset e-mail with its consumer, and the password-changed notice.</summary>
    public static WebApplicationBuilder AddDashopPasswordReset(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("password-reset"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopSms().AddDashopSignIn().AddDashopRegistration().AddDashopActivation().AddDashopDeliveries()
            .AddDashopNotices().AddDashopConsumer<SendPasswordResetEmailConsumer, SendPasswordResetEmailConsumerDefinition>();

        services.AddValidatedOptions<PasswordResetOptions>(PasswordResetOptions.SectionName);
        services.TryAddTransient<PasswordResetTokenProvider>();
        services.Configure<IdentityOptions>(o =>
        {
            o.Tokens.ProviderMap[PasswordResetTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(PasswordResetTokenProvider));
            o.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.ProviderName;
        });
        services.TryAddScoped<PasswordResetService>();
        return builder;
    }
}

using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Activation;

public static class ActivationExtensions
{
    public static WebApplicationBuilder AddDashopActivation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var provider = builder.Configuration.GetValue($"{EmailOptions.SectionName}:Provider", EmailProvider.Smtp);
        services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => provider != EmailProvider.Smtp || !string.IsNullOrWhiteSpace(o.Host),
                "Smtp:Host is required when Email:Provider is Smtp (or set Email:Provider=DevInbox in Development).")
            .ValidateOnStart();

        services.AddIdentityCore<DashopUser>()
            .AddTokenProvider<EmailConfirmationTokenProvider>(EmailConfirmationTokenProvider.ProviderName);
        services.AddOptions<EmailConfirmationTokenProviderOptions>()
            .Configure(o => o.TokenLifespan = builder.Configuration.GetValue($"{EmailOptions.SectionName}:ActivationLinkLifetime", TimeSpan.FromDays(3)));

        services.AddScoped<ActivationService>();
        services.AddScoped<IAccountCreatedNotifier>(sp => sp.GetRequiredService<ActivationService>());

        if (provider == EmailProvider.Smtp)
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
            services.AddSingleton(new RunMode.Concern("e-mail", "SMTP through MailKit"));
        }
        else
        {
            services.AddSingleton<IEmailSender, DevInboxEmailSender>();
            services.AddSingleton(new RunMode.Concern("e-mail", "dev inbox (.eml files, /dev/inbox)"));
        }
        return builder;
    }
}

using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.DevInbox;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Features.Registration;

namespace Dashop.Web.Features.Activation;

public static class ActivationExtensions
{
    /// <summary>E-mail activation (spec §9): Identity's e-mail confirmation token, the e-mail consumer and its sender.</summary>
    public static WebApplicationBuilder AddDashopActivation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("activation"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopDeliveries().AddDashopDevInbox()
            .AddDashopConsumer<SendActivationEmailConsumer, SendActivationEmailConsumerDefinition>();

        services.AddValidatedOptions<EmailOptions>(EmailOptions.SectionName);
        var provider = builder.Configuration.Read<EmailOptions>(EmailOptions.SectionName).Provider;
        services.AddValidatedOptions<SmtpOptions>(SmtpOptions.SectionName)
            .Validate(o => provider != EmailProvider.Smtp || !string.IsNullOrWhiteSpace(o.Host),
                "Smtp:Host is required when Email:Provider is Smtp (or set Email:Provider=DevInbox in Development).");

        // Identity's own e-mail confirmation (GenerateEmailConfirmationTokenAsync / ConfirmEmailAsync), with its own
        // Data Protection purpose and lifetime.
        services.TryAddTransient<EmailConfirmationTokenProvider>();
        services.Configure<IdentityOptions>(o =>
        {
            o.Tokens.ProviderMap[EmailConfirmationTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(EmailConfirmationTokenProvider));
            o.Tokens.EmailConfirmationTokenProvider = EmailConfirmationTokenProvider.ProviderName;
        });
        services.AddOptions<EmailConfirmationTokenProviderOptions>()
            .Configure<IOptions<EmailOptions>>((o, email) => o.TokenLifespan = email.Value.ActivationLinkLifetime);

        services.AddProviderCheck<SmtpHealthCheck>("smtp");
        services.TryAddScoped<EmailDelivery>();
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

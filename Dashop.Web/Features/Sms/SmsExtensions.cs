using Microsoft.Extensions.DependencyInjection.Extensions;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.DevInbox;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Health;
using Dashop.Web.Infrastructure.Telemetry;

namespace Dashop.Web.Features.Sms;

public static class SmsExtensions
{
    /// <summary>SMS verification codes (spec §5-§7): issuing and checking them, and the consumer that delivers them.</summary>
    public static WebApplicationBuilder AddDashopSms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("sms"))
            return builder;
        builder.AddDashopWeb().AddDashopCaching().AddDashopSecrets().AddDashopDeliveries().AddDashopDevInbox()
            .AddDashopConsumer<SendSmsCodeConsumer, SendSmsCodeConsumerDefinition>();

        AccountsOptions.AddTo(services);
        services.AddValidatedOptions<SmsOptions>(SmsOptions.SectionName)
            .Validate(o => PhoneNumberParser.UnknownRegion(o.Regions) is null,
                "Sms:AllowedRegions must list two-letter region codes that libphonenumber knows, such as CN or HK.")
            .Validate(o => o.KnownDeviceReservePerDay < o.MaxPerPhonePerDay,
                "Sms:KnownDeviceReservePerDay must be less than Sms:MaxPerPhonePerDay (strangers need at least one code a day).");
        var provider = builder.Configuration.Read<SmsOptions>(SmsOptions.SectionName).Provider;
        services.AddValidatedOptions<RonglianOptions>(RonglianOptions.SectionName)
            .Validate(o => provider != SmsProvider.Ronglian || o.MissingKey() is null,
                "Sms:Ronglian:AccountSid, AuthToken, AppId and TemplateId are required when Sms:Provider is Ronglian "
                + "(or set Sms:Provider=DevInbox in Development).");

        services.AddHttpClient(SmsProviderHealthCheck.HttpClientName, http => http.Timeout = CheckResults.Timeout);
        services.AddProviderCheck<SmsProviderHealthCheck>("sms");
        services.AddStatusCheck<SmsQuotaHealthCheck>("sms-quota");
        services.AddSingleton<PhoneNumberParser>();
        services.AddSingleton<SmsSiteQuota>();
        services.TryAddSingleton<KnownDevices>();
        // dashop_limit{limit="sms_per_hour"}: the alert on the site-wide cap compares the SMS handed to the provider with it.
        services.AddSingleton(sp => new ConfiguredLimit("sms_per_hour", sp.GetRequiredService<SmsSiteQuota>().Limit));
        services.AddScoped<SmsCodeService>();
        // Until an account feature answers, no phone has an account: login and reset codes go nowhere.
        services.TryAddScoped<ISmsAccountDirectory, NoSmsAccounts>();

        if (provider == SmsProvider.Ronglian)
        {
            services.AddHttpClient<ISmsSender, RonglianSmsClient>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<RonglianOptions>>().Value;
                http.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
            });
            services.AddSingleton(new RunMode.Concern("sms", "Ronglian Cloud REST API"));
        }
        else
        {
            services.AddScoped<ISmsSender, DevInboxSmsSender>();
            services.AddSingleton(new RunMode.Concern("sms", "dev inbox (/dev/inbox)"));
        }
        return builder;
    }
}

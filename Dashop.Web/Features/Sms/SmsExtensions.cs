using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.DevInbox;
using Dashop.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Sms;

public static class SmsExtensions
{
    public static WebApplicationBuilder AddDashopSms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => PhoneNumberParser.UnknownRegion(o.Regions) is null,
                "Sms:AllowedRegions must list two-letter region codes that libphonenumber knows, such as CN or HK.")
            .ValidateOnStart();

        var provider = builder.Configuration.GetValue($"{SmsOptions.SectionName}:Provider", SmsProvider.Ronglian);
        services.AddOptions<RonglianOptions>()
            .BindConfiguration(RonglianOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => provider != SmsProvider.Ronglian || o.MissingKey() is null,
                "Sms:Ronglian:AccountSid, AuthToken, AppId and TemplateId are required when Sms:Provider is Ronglian "
                + "(or set Sms:Provider=DevInbox in Development).")
            .ValidateOnStart();

        services.AddSingleton<PhoneNumberParser>();
        services.AddSingleton<SmsSiteQuota>();
        services.AddScoped<SmsCodeService>();
        services.AddScoped<DeliveryLog>();
        services.AddSingleton<DevInboxStore>();

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

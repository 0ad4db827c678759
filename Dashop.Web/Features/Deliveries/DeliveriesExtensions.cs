using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Retention;

namespace Dashop.Web.Features.Deliveries;

public static class DeliveriesExtensions
{
    /// <summary>The record of every SMS and e-mail, which the consumers of Sms and Activation write and the admin page reads.</summary>
    public static WebApplicationBuilder AddDashopDeliveries(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("deliveries"))
            return builder;
        builder.AddDashopWeb().AddDashopDatabase().AddDashopSecrets();
        builder.Services.AddSingleton<DeliveryRecipients>();
        builder.Services.AddScoped<DeliveryLog>();
        builder.Services.AddSingleton<DeliveryWriter>();
        builder.AddDashopRetention();
        builder.Services.AddSingleton<IRetentionRule, DeliveryRetention>();
        return builder;
    }
}

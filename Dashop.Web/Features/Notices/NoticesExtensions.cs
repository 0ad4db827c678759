using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashop.Web.Features.Notices;

public static class NoticesExtensions
{
    /// <summary>Account notices (spec §11): what changed on an account, e-mailed through the activation e-mail's path.</summary>
    public static WebApplicationBuilder AddDashopNotices(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("notices"))
            return builder;
        builder.AddDashopActivation().AddDashopDeliveries().AddDashopCaching()
            .AddDashopConsumer<SendAccountNoticeConsumer, SendAccountNoticeConsumerDefinition>();
        builder.Services.TryAddScoped<AccountNotices>();
        return builder;
    }
}

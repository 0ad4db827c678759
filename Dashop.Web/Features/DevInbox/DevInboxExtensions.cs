using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Infrastructure;

namespace Dashop.Web.Features.DevInbox;

public static class DevInboxExtensions
{
    /// <summary>Development's phone and mailbox (/dev/inbox): where the dev-inbox SMS and e-mail senders write.</summary>
    public static WebApplicationBuilder AddDashopDevInbox(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("dev-inbox"))
            return builder;
        builder.AddDashopWeb();
        builder.Services.AddSingleton<DevInboxStore>();
        return builder;
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Dashop.Web.Tests.Support;

/// <summary>The test server has no socket: give every request the loopback address a proxy on this host would have.</summary>
public sealed class ArriveFromLoopback : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
            return following();
        });
        next(app);
    };
}

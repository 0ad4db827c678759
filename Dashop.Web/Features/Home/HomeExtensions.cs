using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;

namespace Dashop.Web.Features.Home;

public static class HomeExtensions
{
    /// <summary>The home page and the error pages.</summary>
    public static WebApplicationBuilder AddDashopHome(this WebApplicationBuilder builder) =>
        builder.AddDashopWeb().AddDashopIdentity();
}

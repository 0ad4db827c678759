using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// A test-only endpoint added to the app host, <c>/test/external-login</c>: it authenticates Identity's external cookie, as the
/// shared callback flow does, and shows what the provider handler put in it (claims with their issuer, the saved tokens).
/// </summary>
public sealed class ExternalCookieProbe : IStartupFilter
{
    public const string Path = "/test/external-login";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map(Path, probe => probe.Run(async context =>
        {
            var result = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
            await context.Response.WriteAsJsonAsync(new
            {
                authenticated = result.Succeeded,
                scheme = result.Principal?.Identity?.AuthenticationType,
                claims = (result.Principal?.Claims ?? []).Select(c => new { type = c.Type, value = c.Value, issuer = c.Issuer }),
                tokens = (result.Properties?.GetTokens() ?? []).ToDictionary(t => t.Name, t => t.Value),
            });
        }));
        next(app);
    };
}

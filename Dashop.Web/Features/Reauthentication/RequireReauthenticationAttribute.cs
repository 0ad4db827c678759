using Microsoft.AspNetCore.Mvc.Filters;

namespace Dashop.Web.Features.Reauthentication;

/// <summary>
/// An action that needs a recent proof (spec §15): the session's security stamp is checked against the database on this
/// request (an ended session goes to /login, nothing done), then a session with no proof within
/// <c>Security:ReauthenticationWindow</c> goes to the re-authentication page, which comes back to <see cref="ReturnUrl"/>
/// (by default, for a GET, this very address; a POST cannot be repeated by a redirect: name the page that offers it).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequireReauthenticationAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>A local address to come back to after the proof.</summary>
    public string? ReturnUrl { get; set; }

    /// <summary>After the antiforgery check (1000).</summary>
    public int Order => 2000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        var returnUrl = ReturnUrl ?? (HttpMethods.IsGet(request.Method) ? $"{request.PathBase}{request.Path}{request.QueryString}" : "/account");
        var reauth = context.HttpContext.RequestServices.GetRequiredService<ReauthenticationService>();
        if (await reauth.RefuseAsync(context.HttpContext, returnUrl) is { } refused)
            context.Result = refused;
    }
}

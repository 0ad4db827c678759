using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// Checks the session's security stamp against the database on every request that changes something (POST and the
/// other unsafe methods) of the controller or action it is put on (<see cref="SessionStamp"/>): a session ended
/// elsewhere is signed out and sent to /login before the action runs, so nothing changes. Page views (GET) are left to
/// the cookie's own check, once a minute; an action that changes something on a GET uses
/// <c>[RequireReauthentication]</c>, which checks the stamp too. Runs after the antiforgery check.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class CheckSecurityStampAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>After <c>AutoValidateAntiforgeryTokenAttribute</c> (1000): a forged post is refused as such, signing nobody out.</summary>
    public int Order => 2000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var method = context.HttpContext.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            return;
        if (context.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            return;
        if (await SessionStamp.EndIfStaleAsync(context.HttpContext))
            context.Result = SessionStamp.ToLogin(context.HttpContext);
    }
}

using Dashop.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>What the QQ and Alipay OAuth handlers share: their cookies' policy and where a failed login goes.</summary>
public static class ProviderLogin
{
    /// <summary>Where a provider login that failed or was denied ends: <c>/login/{scheme}/failed?reason=</c>, which says why.</summary>
    public static string FailedPath(string scheme, ProviderLoginFailure reason) => $"/login/{scheme.ToLowerInvariant()}/failed?reason={reason}";

    /// <summary>The settings every provider handler takes: the correlation cookie's policy and the failure events.</summary>
    public static void ConfigureHandler(OAuthOptions options, string scheme, AppOptions app)
    {
        if (app.UsesHttps)
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Events.OnAccessDenied = context => Redirect(context, scheme, ProviderLoginFailure.Denied);
        options.Events.OnRemoteFailure = context => Redirect(context, scheme, Reason(context.Failure));
    }

    /// <summary>
    /// The provider's own refusals (an error in the callback, a token call that failed) are "refused" or "unavailable"; what the
    /// handler refused before asking the provider (a missing, forged or replayed state, a missing correlation cookie) is an
    /// invalid link.
    /// </summary>
    public static ProviderLoginFailure Reason(Exception? failure) => failure switch
    {
        ProviderLoginException { Failure: ProviderFailure.Unavailable } => ProviderLoginFailure.Unavailable,
        ProviderLoginException => ProviderLoginFailure.Refused,
        { } ex when ex.Data.Contains("error") => ProviderLoginFailure.Refused,
        _ => ProviderLoginFailure.StateInvalid,
    };

    private static Task Redirect<TOptions>(HandleRequestContext<TOptions> context, string scheme, ProviderLoginFailure reason) where TOptions : RemoteAuthenticationOptions
    {
        context.Response.Redirect(FailedPath(scheme, reason));
        context.HandleResponse();
        return Task.CompletedTask;
    }
}

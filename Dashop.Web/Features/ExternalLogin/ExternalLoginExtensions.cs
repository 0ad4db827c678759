using System.Text.Json;
using Dashop.Web.Features.Notices;
using Dashop.Web.Features.Reauthentication;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.ExternalLogin;

public static class ExternalLoginExtensions
{
    /// <summary>
    /// The one sign-in flow for every provider (spec §15): the external-login table, the callback → signed in / bind
    /// pages, link on /account. Providers add their scheme with <see cref="AddExternalLoginProvider{TOptions, THandler}"/>.
    /// </summary>
    public static WebApplicationBuilder AddDashopExternalLogin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.FirstTime("external-login"))
            return builder;
        builder.AddDashopWeb().AddDashopIdentity().AddDashopRegistration().AddDashopSignIn().AddDashopNotices().AddDashopReauthentication();
        services.AddScoped<ExternalLoginService>();
        services.AddScoped<ExternalLinkCodes>();
        services.ConfigureExternalCookie(o => o.ExpireTimeSpan = ExternalCookie.Lifetime);
        return builder;
    }

    /// <summary>
    /// Registers a provider's OAuth handler as a sign-in scheme on the one flow: it signs into Identity's external cookie
    /// with its tokens (<see cref="ExternalLoginClaims"/>), its correlation cookie is Secure behind https, and a denial or a
    /// failure comes back to <c>/login/{scheme}/failed</c>, which tells the person why; the login page shows its button
    /// (<paramref name="displayName"/>, a resource key). Call it only when the provider is configured or simulated.
    /// </summary>
    public static WebApplicationBuilder AddExternalLoginProvider<TOptions, THandler>(this WebApplicationBuilder builder, string scheme,
        string displayName, Action<TOptions, IServiceProvider> configure)
        where TOptions : OAuthOptions, new()
        where THandler : OAuthHandler<TOptions>
    {
        builder.AddDashopExternalLogin();
        builder.Services.AddAuthentication().AddOAuth<TOptions, THandler>(scheme, displayName, _ => { });
        builder.Services.AddOptions<TOptions>(scheme).Configure<IServiceProvider, IOptions<AppOptions>>((o, services, app) =>
        {
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.SaveTokens = true;
            // The provider sends the browser back with a top-level GET, which carries Lax cookies; plain http in Development.
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = app.Value.UsesHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Events.OnAccessDenied = context => Fail(context, scheme, Failure.Denied);
            o.Events.OnRemoteFailure = context => Fail(context, scheme, FailureOf(context.Failure));
            configure(o, services);
        });
        return builder;
    }

    /// <summary>Why a provider sign-in failed, as the person is told: the provider's error, no answer, or a state that is not ours.</summary>
    public static Failure FailureOf(Exception? failure) => failure switch
    {
        ExternalLoginException { Unavailable: true } => Failure.Unavailable,
        ExternalLoginException => Failure.Refused,
        HttpRequestException or TaskCanceledException or TimeoutException or JsonException => Failure.Unavailable,
        // The OAuth handler's own refusals: a state it cannot read (forged, altered, expired) or without its correlation cookie (used).
        AuthenticationFailureException { Message: "The oauth state was missing or invalid." or "Correlation failed." } => Failure.Forged,
        // WeChat sends a refusal back with the state and no code (no error=access_denied).
        AuthenticationFailureException { Message: "Code was not found." } => Failure.Denied,
        _ => Failure.Refused,
    };

    /// <summary>Back to /login (or /account), which says why; the failure itself is logged by the handler without codes or tokens.</summary>
    private static Task Fail<TOptions>(HandleRequestContext<TOptions> context, string scheme, Failure reason) where TOptions : RemoteAuthenticationOptions
    {
        context.Response.Redirect($"/login/{scheme.ToLowerInvariant()}/failed?reason={reason}");
        context.HandleResponse();
        return Task.CompletedTask;
    }
}

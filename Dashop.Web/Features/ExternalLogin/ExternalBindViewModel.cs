using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Registration;

using Microsoft.AspNetCore.Authentication;

namespace Dashop.Web.Features.ExternalLogin;

/// <summary>The bind page: who the person is at the provider, and the two ways to go on.</summary>
public sealed class ExternalBindViewModel
{
    /// <summary>The provider's scheme (the bind page's URLs) and its name for people.</summary>
    public required string Provider { get; init; }
    public required string ProviderName { get; init; }

    public string Id => Provider.ToLowerInvariant();
    public string? ScreenName { get; init; }
    public string? AvatarUrl { get; init; }
    public string? ReturnUrl { get; init; }
    public RegisterViewModel NewAccount { get; init; } = new();

    /// <summary>The new account is phone + SMS code only (<c>Accounts:SmsSignUp</c>); otherwise the full /register form.</summary>
    public bool PhoneOnly { get; init; }

    /// <summary>An existing account is proven as on /login: username or phone number, and password.</summary>
    public LoginViewModel Link { get; init; } = new();

    /// <summary>Or with a <c>reauth</c> code sent to its phone.</summary>
    public ExternalLinkCodeViewModel LinkCode { get; init; } = new();

    /// <summary>What the "send a code" button did (the same words whether or not an account has the name).</summary>
    public string? LinkCodeNotice { get; init; }

    public static ExternalBindViewModel For(AuthenticationScheme scheme, ExternalPending pending, string? returnUrl, HostString host, bool phoneOnly,
        RegisterViewModel? newAccount = null, LoginViewModel? link = null, ExternalLinkCodeViewModel? linkCode = null, string? linkCodeNotice = null) => new()
    {
        Provider = scheme.Name,
        ProviderName = scheme.DisplayName ?? scheme.Name,
        ScreenName = pending.DisplayName ?? pending.Subject,
        AvatarUrl = AvatarForPage(pending.AvatarUrl, host),
        ReturnUrl = returnUrl,
        PhoneOnly = phoneOnly,
        NewAccount = newAccount ?? new RegisterViewModel(),
        Link = link ?? new LoginViewModel(),
        LinkCode = linkCode ?? new ExternalLinkCodeViewModel(),
        LinkCodeNotice = linkCodeNotice,
    };

    /// <summary>The page allows https images only (CSP img-src), so a provider's http avatars (Weibo's) are asked for over https; ours stay relative.</summary>
    internal static string? AvatarForPage(string? url, HostString host)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return null;
        if (string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase))
            return uri.PathAndQuery;
        return uri.Scheme == Uri.UriSchemeHttp ? new UriBuilder(uri) { Scheme = Uri.UriSchemeHttps, Port = -1 }.Uri.AbsoluteUri : uri.AbsoluteUri;
    }
}

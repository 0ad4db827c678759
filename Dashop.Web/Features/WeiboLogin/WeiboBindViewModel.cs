using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Registration;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>The bind page: who the person is on Weibo, and the two ways to go on.</summary>
public sealed class WeiboBindViewModel
{
    public string? ScreenName { get; init; }
    public string? AvatarUrl { get; init; }
    public string? ReturnUrl { get; init; }
    public RegisterViewModel NewAccount { get; init; } = new();

    /// <summary>An existing account is proven as on /login: username or phone number, and password.</summary>
    public LoginViewModel Link { get; init; } = new();

    public static WeiboBindViewModel For(WeiboPending pending, string? returnUrl, HostString host, RegisterViewModel? newAccount = null, LoginViewModel? link = null) => new()
    {
        ScreenName = pending.ScreenName ?? pending.Uid,
        AvatarUrl = AvatarForPage(pending.AvatarUrl, host),
        ReturnUrl = returnUrl,
        NewAccount = newAccount ?? new RegisterViewModel(),
        Link = link ?? new LoginViewModel(),
    };

    /// <summary>The page allows https images only (CSP img-src), so Weibo's http avatars are asked for over https; ours stay relative.</summary>
    internal static string? AvatarForPage(string? url, HostString host)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return null;
        if (string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase))
            return uri.PathAndQuery;
        return uri.Scheme == Uri.UriSchemeHttp ? new UriBuilder(uri) { Scheme = Uri.UriSchemeHttps, Port = -1 }.Uri.AbsoluteUri : uri.AbsoluteUri;
    }
}

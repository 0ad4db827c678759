using System.Net;
using System.Text.RegularExpressions;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// A browser going through "Sign in with WeChat" by hand: it keeps cookies and follows redirects one at a time
/// (Dashop → WeChat → /signin-wechat → /wechat/callback → where it ends); one inside WeChat says
/// MicroMessenger in its User-Agent, as WeChat's own browser does.
/// </summary>
public sealed partial class WeChatBrowser : IDisposable
{
    private readonly FakeWeChatServer _wechat;

    public HttpClient Http { get; }

    public WeChatBrowser(WebApplicationFactory<Program> app, FakeWeChatServer wechat, bool insideWeChat = false, string language = "en")
    {
        _wechat = wechat;
        Http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", insideWeChat
            ? "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN"
            : "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
    }

    /// <summary>Presses "Sign in with WeChat" (or "Link WeChat" on /account): the WeChat address Dashop sends the browser to.</summary>
    public async Task<string> StartAsync(string path = "/login/wechat?returnUrl=%2F")
    {
        using var response = await Http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    /// <summary>Comes back from WeChat and follows Dashop's redirects: where the browser lands (path and query).</summary>
    public async Task<string> ReturnAsync(Uri fromWeChat)
    {
        var next = fromWeChat.PathAndQuery;
        while (true)
        {
            using var response = await Http.GetAsync(next);
            if (response.StatusCode != HttpStatusCode.Redirect)
                return next;
            var location = response.Headers.Location!;
            next = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            if (!next.StartsWith("/wechat/callback", StringComparison.Ordinal) && !next.StartsWith("/signin-wechat", StringComparison.Ordinal))
                return next;
        }
    }

    public async Task<string> SignInAsync(FakeWeChatPerson person, string path = "/login/wechat?returnUrl=%2F") =>
        await ReturnAsync(await _wechat.ApproveAsync(await StartAsync(path), person));

    /// <summary>The message /login (or /account, for a signed-in person) shows after a failed sign-in, following the redirect on the way.</summary>
    public async Task<string?> ErrorAsync(string landedOn)
    {
        var page = landedOn;
        while (true)
        {
            using var response = await Http.GetAsync(page);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                var match = Error().Match(await response.Content.ReadAsStringAsync());
                return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
            }
            page = response.Headers.Location!.OriginalString;
        }
    }

    public async Task<string?> SignedInUserAsync()
    {
        var match = SignedInUser().Match(await Http.GetStringAsync("/"));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public Task<HttpResponseMessage> BindNewAccountAsync(IDictionary<string, string> fields) =>
        Http.PostFormAsync("/wechat/bind", "/wechat/bind", new Dictionary<string, string>(fields) { ["returnUrl"] = "/" });

    public Task<HttpResponseMessage> BindExistingAccountAsync(string login, string password) =>
        Http.PostFormAsync("/wechat/bind", "/wechat/bind/link", new Dictionary<string, string>
        {
            ["Link.Login"] = login,
            ["Link.Password"] = password,
            ["returnUrl"] = "/",
        });

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("id=\"(?:login-error|flash-error)\"[^>]*>([^<]*)<")]
    private static partial Regex Error();

    [GeneratedRegex("id=\"signed-in-user\"[^>]*>([^<]*)<")]
    private static partial Regex SignedInUser();
}

using System.Net;
using System.Text.RegularExpressions;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.WeiboLogin;

/// <summary>
/// A browser going through the Weibo login by hand: it keeps cookies and follows redirects one at a time, so tests
/// see each step (Dashop → Weibo → /signin-weibo → /weibo/callback → where it ends).
/// </summary>
public sealed partial class WeiboBrowser : IDisposable
{
    private readonly FakeWeiboServer _weibo;

    public HttpClient Http { get; }

    public WeiboBrowser(WebApplicationFactory<Program> app, FakeWeiboServer weibo, string language = "en")
    {
        _weibo = weibo;
        Http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
    }

    /// <summary>Presses "Log in with Weibo": the Weibo authorize address Dashop sends the browser to.</summary>
    public async Task<string> StartAsync(string returnUrl = "/")
    {
        using var response = await Http.GetAsync("/login/weibo?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    /// <summary>Comes back from Weibo and follows Dashop's redirects: where the browser lands (path and query).</summary>
    public async Task<string> ReturnAsync(Uri fromWeibo)
    {
        var next = fromWeibo.PathAndQuery;
        while (true)
        {
            using var response = await Http.GetAsync(next);
            if (response.StatusCode != HttpStatusCode.Redirect)
                return next;
            var location = response.Headers.Location!;
            next = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            if (!next.StartsWith("/weibo/callback", StringComparison.Ordinal) && !next.StartsWith("/signin-weibo", StringComparison.Ordinal))
                return next;
        }
    }

    /// <summary>The whole trip for someone who allows the application on Weibo.</summary>
    public async Task<string> LoginAsync(FakeWeiboUser user, string returnUrl = "/") =>
        await ReturnAsync(await _weibo.ApproveAsync(await StartAsync(returnUrl), user));

    /// <summary>The message /login shows after a failed Weibo login (following /login/weibo/failed on the way).</summary>
    public async Task<string?> LoginErrorAsync(string landedOn)
    {
        if (landedOn != "/login")
        {
            Assert.That(landedOn, Does.StartWith("/login/weibo/failed"));
            using var failed = await Http.GetAsync(landedOn);
            Assert.That(failed.Headers.Location?.OriginalString, Is.EqualTo("/login"));
        }
        var page = await Http.GetStringAsync("/login");
        var match = LoginError().Match(page);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public async Task<string?> SignedInUserAsync()
    {
        var match = SignedInUser().Match(await Http.GetStringAsync("/"));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public Task<HttpResponseMessage> BindNewAccountAsync(string returnUrl, IDictionary<string, string> fields) =>
        Http.PostFormAsync("/weibo/bind", "/weibo/bind", new Dictionary<string, string>(fields) { ["returnUrl"] = returnUrl });

    public Task<HttpResponseMessage> BindExistingAccountAsync(string returnUrl, string login, string password) =>
        Http.PostFormAsync("/weibo/bind", "/weibo/bind/link", new Dictionary<string, string>
        {
            ["Link.Login"] = login,
            ["Link.Password"] = password,
            ["returnUrl"] = returnUrl,
        });

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("id=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();

    [GeneratedRegex("id=\"signed-in-user\"[^>]*>([^<]*)<")]
    private static partial Regex SignedInUser();
}

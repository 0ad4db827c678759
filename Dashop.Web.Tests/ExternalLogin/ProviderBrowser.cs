using System.Net;
using System.Text.RegularExpressions;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// A browser going through a provider login by hand: it keeps cookies and follows redirects one at a time, so tests see each
/// step (Dashop → the provider → the handler's callback → where it ends).
/// </summary>
public sealed partial class ProviderBrowser : IDisposable
{
    public HttpClient Http { get; }

    public ProviderBrowser(WebApplicationFactory<Program> app, string language = "en")
    {
        Http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
    }

    /// <summary>Presses the provider's button on /login: the provider's authorize address Dashop sends the browser to.</summary>
    public async Task<string> StartAsync(string loginPath, string returnUrl = "/account")
    {
        using var response = await Http.GetAsync(loginPath + "?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    /// <summary>Comes back from the provider to the handler's callback: the status and where Dashop sends the browser next.</summary>
    public async Task<(HttpStatusCode Status, string? Location)> ReturnAsync(Uri fromProvider)
    {
        using var response = await Http.GetAsync(fromProvider.PathAndQuery);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    /// <summary>Presses the button, lets <paramref name="approve"/> act on the provider's page, and comes back to the handler's callback.</summary>
    public async Task<(HttpStatusCode Status, string? Location)> LoginAsync(string loginPath, Func<string, Task<Uri>> approve, string returnUrl = "/account") =>
        await ReturnAsync(await approve(await StartAsync(loginPath, returnUrl)));

    /// <summary>What the external cookie holds now, read through the app.</summary>
    public async Task<ExternalPrincipal> ExternalLoginAsync()
    {
        using var response = await Http.GetAsync(ExternalCookieProbe.Path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return ExternalPrincipal.From(await HttpExtensions.ReadJsonAsync(response));
    }

    /// <summary>Follows <c>/login/{provider}/failed</c>: the message /login then shows.</summary>
    public async Task<string?> LoginErrorAsync(string failedLocation)
    {
        using var failed = await Http.GetAsync(failedLocation);
        Assert.That(failed.Headers.Location?.OriginalString, Is.EqualTo("/login"), "a failed provider login goes back to /login");
        var page = await Http.GetStringAsync("/login");
        var match = LoginError().Match(page);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("id=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();
}

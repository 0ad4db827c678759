using System.Net;

namespace Dashop.Web.Tests.Support;

/// <summary>The re-authentication page's steps, as a browser (not following redirects) takes them.</summary>
public static class Reauthenticate
{
    public const string Page = "/account/reauth";

    /// <summary>Proves this session with the password: the page sends it back to <paramref name="returnUrl"/>.</summary>
    public static async Task WithPasswordAsync(HttpClient browser, string returnUrl = "/account", string password = TestData.Password)
    {
        using var proved = await browser.PostFormAsync(Page, Page, new Dictionary<string, string>
        {
            ["Password"] = password, ["ReturnUrl"] = returnUrl,
        });
        Assert.That(proved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await proved.Content.ReadAsStringAsync());
        Assert.That(proved.Headers.Location?.OriginalString, Is.EqualTo(returnUrl));
    }

    /// <summary>Where a response sent the browser to prove itself, or null when it was not sent to the page.</summary>
    public static string? ReturnUrlOf(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
            && location.OriginalString.StartsWith(Page + "?returnUrl=", StringComparison.Ordinal)
            ? Uri.UnescapeDataString(location.OriginalString[(Page.Length + "?returnUrl=".Length)..])
            : null;
}

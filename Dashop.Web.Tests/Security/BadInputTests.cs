using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Security;

/// <summary>
/// Spec §14: any body in any charset, on any route, gets a 4xx or a page, never a 5xx; a browser that meets an error gets
/// the HTML error page, a /v1 client JSON.
/// </summary>
public sealed class BadInputTests
{
    private DashopFactory _factory = null!;

    private static readonly string[] PostRoutes =
    [
        "/v1/users/sms/code", "/v1/users", "/v1/users/weibo/users", "/v1/tokens", "/v1/tokens/sms", "/v1/users/password",
        "/sms/code", "/register", "/login", "/logout", "/activate", "/activate/resend", "/weibo/bind", "/culture",
    ];

    /// <summary>Bytes that no decoder of the named charset accepts, or a charset nobody knows.</summary>
    private static readonly (string Charset, byte[] Body)[] Bodies =
    [
        ("utf-16", [0x7B, 0x00, 0x00, 0xD8, 0x22]),              // a lone high surrogate, odd length
        ("utf-16BE", [0xDC, 0x00, 0x00, 0x7B]),                  // a lone low surrogate
        ("utf-32", [0xFF, 0xFF, 0xFF, 0x7F, 0x7B, 0x00]),        // beyond U+10FFFF, cut short
        ("utf-8", [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D]),         // an invalid continuation byte
        ("latin1", Encoding.Latin1.GetBytes("{\"phone\":\"Ã©\"}")),
        ("x-no-such-charset", Encoding.UTF8.GetBytes("{\"phone\":\"1\"}")),
    ];

    [OneTimeSetUp]
    public async Task StartAsync() => _factory = await SharedHosts.DevelopmentAsync();

    [Test]
    public async Task Broken_charsets_on_every_route_give_a_4xx_never_a_5xx()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var failures = new List<string>();
        foreach (var route in PostRoutes)
        {
            foreach (var (charset, body) in Bodies)
            {
                foreach (var mediaType in new[] { "application/json", "application/x-www-form-urlencoded", "text/plain" })
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = charset };
                    using var response = await client.PostAsync(route, content);
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{route} {mediaType}; charset={charset}: {(int)response.StatusCode}");
                }
            }
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task A_v1_body_in_a_broken_charset_is_400_in_the_envelope()
    {
        using var client = _factory.CreateClient();
        using var content = new ByteArrayContent(Bodies[0].Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-16" };
        using var response = await client.PostAsync("/v1/users/sms/code", content);
        var body = await HttpExtensions.ReadJsonAsync(response);
        Assert.That(((int)response.StatusCode, body.Code()), Is.EqualTo((400, 400)), body.ToString());
    }

    [Test]
    public async Task An_unexpected_failure_is_an_HTML_page_for_a_browser_and_JSON_for_v1()
    {
        await using var failing = new DashopFactory(Backend.Embedded, ronglian: null,
            services: s => s.AddSingleton<IAtomicStore>(new BrokenAtomicStore()));
        using var browser = failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var page = await browser.PostFormAsync("/register", "/sms/code", new Dictionary<string, string> { ["phone"] = TestData.Phone() });
        using var api = await browser.PostAsync("/v1/users/sms/code", new StringContent($"{{\"phone\":\"{TestData.Phone()}\"}}", Encoding.UTF8, "application/json"));
        var apiBody = await HttpExtensions.ReadJsonAsync(api);
        Assert.Multiple(async () =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<html").And.Not.Contain("BrokenAtomicStore"));
            Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(apiBody.Code(), Is.EqualTo(500));
        });
    }

    /// <summary>A store that fails in a way no caller expects (not a store failure): the request meets an unhandled error.</summary>
    private sealed class BrokenAtomicStore : IAtomicStore
    {
        public Task<ClaimResult> TryClaimAsync(string claimKey, TimeSpan claimTtl, IReadOnlyList<Quota> quotas, IReadOnlyList<string> resetKeys,
            string owner = "1") => throw new InvalidOperationException("BrokenAtomicStore");

        public Task<ClaimResult> CountAsync(IReadOnlyList<Quota> quotas) => throw new InvalidOperationException("BrokenAtomicStore");

        public Task<bool> ReleaseClaimAsync(string claimKey, string owner) => throw new InvalidOperationException("BrokenAtomicStore");

        public Task<long> IncrementAsync(string key, TimeSpan ttl) => throw new InvalidOperationException("BrokenAtomicStore");

        public Task DeleteAsync(params string[] keys) => throw new InvalidOperationException("BrokenAtomicStore");
    }
}

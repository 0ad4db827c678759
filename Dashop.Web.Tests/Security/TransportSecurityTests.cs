using System.Net;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Tests.Security;

/// <summary>Spec §14: https in Production unless App:AllowHttp; with https, Secure cookies, redirect to HTTPS (not for probes), HSTS.</summary>
public sealed class TransportSecurityTests
{
    [Test]
    public async Task Cleartext_links_Production_refuses_to_start_on_an_http_public_address_without_AllowHttp()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = "http://shop.example",
            ["App:AllowHttp"] = "false",
        }, environment: "Production");
        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.That(failure!.Message, Does.Contain("App:PublicBaseUrl").And.Contain("App:AllowHttp"));
    }

    [Test]
    public async Task Cookie_theft_with_https_cookies_are_Secure_http_redirects_and_probes_stay_on_http()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = "https://shop.example",
            ["App:AllowHttp"] = "false",
        }, environment: "Production");

        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });
        using var redirected = await http.GetAsync("/login");
        using var live = await http.GetAsync("/healthz/live");

        using var https = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://shop.example") }); // HSTS leaves localhost out
        using var login = await https.GetAsync("/login");
        var cookies = login.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];

        Assert.Multiple(() =>
        {
            Assert.That((int)redirected.StatusCode, Is.EqualTo(307).Or.EqualTo(308), "HTTP is redirected to HTTPS");
            Assert.That(redirected.Headers.Location?.Scheme, Is.EqualTo("https"));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "probes are answered over HTTP");
            Assert.That(login.Headers.Contains("Strict-Transport-Security"), Is.True, "HSTS");
            Assert.That(cookies, Is.Not.Empty);
            Assert.That(cookies, Has.All.Contains("secure"), "every cookie is Secure");
        });
    }
}

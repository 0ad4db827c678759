using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Features.ExternalLogin.Alipay;
using Dashop.Web.Features.ExternalLogin.QQ;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// Spec §15: in Development without credentials, /dev/qq and /dev/alipay stand in for QQ and Alipay and the real handlers
/// call them over HTTP (Alipay's simulator signing with keys made at start); in Production without credentials there is no
/// button and no route.
/// </summary>
public sealed partial class ProviderSimulatorTests
{
    private DashopFactory _factory = null!;
    private WebApplicationFactory<Program> _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new DashopFactory(Backend.Embedded, null, services: s => s.AddSingleton<IStartupFilter, ExternalCookieProbe>());
        // The simulators live at App:PublicBaseUrl (http://localhost): in-memory, so the clients reach them through the test server.
        _app = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            foreach (var name in new[] { QQClient.TokenClientName, QQClient.ApiClientName, AlipayClient.ClientName })
                services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
        }));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    /// <summary>Presses the button, follows the first (or the typed) person's link on the simulator's page, and comes back: where the handler sends the browser.</summary>
    private static async Task<string?> LoginThroughSimulatorAsync(ProviderBrowser browser, string loginPath, string? typedName = null)
    {
        var authorize = new Uri(await browser.StartAsync(loginPath, "/account"));
        Assert.That(authorize.Authority, Is.EqualTo("localhost"), "the simulator is served by the site itself");
        var page = await browser.Http.GetStringAsync(authorize.PathAndQuery + (typedName is null ? "" : "&name=" + Uri.EscapeDataString(typedName)));
        var grant = WebUtility.HtmlDecode(PersonLink().Match(page).Groups[1].Value);
        using var granted = await browser.Http.GetAsync(grant);
        Assert.That(granted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await granted.Content.ReadAsStringAsync());
        return (await browser.ReturnAsync(granted.Headers.Location!)).Location;
    }

    /// <summary>The shared flow takes a person it does not know yet to the provider's bind page.</summary>
    private static async Task AssertBindPageNextAsync(ProviderBrowser browser, string provider)
    {
        using var callback = await browser.Http.GetAsync($"/{provider}/callback?returnUrl=%2Faccount");
        Assert.That(callback.Headers.Location?.OriginalString, Does.StartWith($"/{provider}/bind"));
    }

    [Test]
    public async Task The_QQ_simulator_lets_a_fresh_clone_log_in_with_QQ_through_the_real_handler()
    {
        using var browser = new ProviderBrowser(_app);
        Assert.That(await browser.Http.GetStringAsync("/login"), Does.Contain("id=\"qq-login\""));
        Assert.That(await LoginThroughSimulatorAsync(browser, "/login/qq"), Is.EqualTo("/qq/callback?returnUrl=%2Faccount"), "the handler hands over to the shared flow");
        var external = await browser.ExternalLoginAsync();
        var person = QQSimulator.People[0];
        Assert.Multiple(() =>
        {
            Assert.That(external.Claim(ClaimTypes.NameIdentifier), Is.EqualTo(person.Subject));
            Assert.That(external.Claim(ClaimTypes.Name), Is.EqualTo(person.Name));
            Assert.That(external.Claim(ExternalLoginClaims.UnionId), Is.EqualTo(person.UnionId));
            Assert.That(external.Claim(ExternalLoginClaims.Avatar), Is.EqualTo($"http://localhost/dev/qq/avatar/{person.Subject}.svg"));
            Assert.That(external.Claim(ExternalLoginClaims.AppId), Is.EqualTo(QQSimulator.ClientId));
        });
        await AssertBindPageNextAsync(browser, "qq");
    }

    [Test]
    public async Task The_Alipay_simulator_signs_with_its_own_keys_and_the_real_handler_verifies_them()
    {
        using var browser = new ProviderBrowser(_app, "zh-CN");
        Assert.That(await browser.Http.GetStringAsync("/login"), Does.Contain("id=\"alipay-login\"").And.Contain("支付宝登录"));
        Assert.That(await LoginThroughSimulatorAsync(browser, "/login/alipay", "新来的测试员"), Is.EqualTo("/alipay/callback?returnUrl=%2Faccount"), "the handler hands over to the shared flow");
        var external = await browser.ExternalLoginAsync();
        Assert.Multiple(() =>
        {
            Assert.That(external.Claim(ClaimTypes.NameIdentifier), Is.EqualTo(AlipaySimulator.Named("新来的测试员").Subject).And.Match("^2088[0-9]{12}$"));
            Assert.That(external.Claim(ClaimTypes.Name), Is.EqualTo("新来的测试员"));
            Assert.That(external.Claim(ExternalLoginClaims.AppId), Is.EqualTo(AlipaySimulator.AppId));
        });
        await AssertBindPageNextAsync(browser, "alipay");
    }

    [Test]
    public async Task The_simulated_gateway_refuses_a_request_not_signed_with_the_apps_key()
    {
        using var http = _app.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["app_id"] = AlipaySimulator.AppId, ["method"] = "alipay.system.oauth.token", ["charset"] = "utf-8", ["sign_type"] = "RSA2",
            ["timestamp"] = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["version"] = "1.0", ["grant_type"] = "authorization_code", ["code"] = "x", ["sign"] = Convert.ToBase64String(new byte[256]),
        });
        using var response = await http.PostAsync("/dev/alipay/gateway.do", form);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("{\"error_response\":").And.Contain("isv.invalid-signature"));
    }

    [Test]
    public async Task Without_credentials_Production_has_no_QQ_or_Alipay_button_and_their_routes_answer_404()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var production = new DashopFactory(Backend.Embedded, ronglian, environment: "Production");
        using var http = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await http.GetStringAsync("/login");
        Assert.Multiple(async () =>
        {
            Assert.That(login, Does.Not.Contain("qq-login").And.Not.Contain("alipay-login"));
            foreach (var path in new[] { "/login/qq", "/login/alipay", "/login/qq/failed?reason=Refused", "/dev/qq/oauth2.0/authorize", "/dev/alipay/oauth2/publicAppAuthorize.htm", "/signin-qq", "/signin-alipay" })
            {
                using var response = await http.GetAsync(path);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
            }
        });
    }

    [GeneratedRegex("<a class=\"list-group-item[^\"]*\" href=\"([^\"]+)\"")]
    private static partial Regex PersonLink();
}

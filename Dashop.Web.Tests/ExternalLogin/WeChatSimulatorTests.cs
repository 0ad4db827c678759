using System.Net;
using System.Text.Json;
using Dashop.Web.Features.ExternalLogin.WeChat;
using Dashop.Web.Infrastructure;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>Spec §15: Development's WeChat simulator runs the real handler over HTTP in WeChat's format; in Production without credentials WeChat is absent.</summary>
public sealed class WeChatSimulatorTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        // The simulator lives at App:PublicBaseUrl (http://localhost): in-memory, so the handler reaches it through the test server.
        _factory = new DashopFactory(Backend.Embedded, _ronglian, services: services =>
            services.AddOptions<WeChatAuthenticationOptions>(WeChatDefaults.Scheme).PostConfigure<IServer>((o, server) =>
                o.Backchannel = new HttpClient(((TestServer)server).CreateHandler())));
        _http = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    [Test]
    public async Task Development_without_an_app_id_signs_in_through_the_simulator_with_the_real_handler()
    {
        Assert.That(_factory.Services.GetRequiredService<RunMode>().ToString(), Does.Contain("wechat=simulator (/dev/wechat)"));
        Assert.That(await _http.GetStringAsync("/login"), Does.Contain("id=\"wechat-login\""));
        using var start = await _http.GetAsync("/login/wechat");
        var authorize = start.Headers.Location!.ToString();
        Assert.That(authorize, Does.StartWith("http://localhost/dev/wechat/connect/qrconnect?appid=" + WeChatSimulator.QrAppId));

        var page = await _http.GetStringAsync(new Uri(authorize).PathAndQuery);
        Assert.That(page, Does.Contain(WeChatSimulator.People[0]));
        var grant = QueryHelpers.AddQueryString("/dev/wechat/connect/grant" + new Uri(authorize).Query, "name", "Simulated Shopper");
        using var granted = await _http.GetAsync(grant);
        var back = granted.Headers.Location!;
        Assert.That(back.AbsolutePath, Is.EqualTo("/signin-wechat"));

        using var callback = await _http.GetAsync(back.PathAndQuery);
        using var landed = await _http.GetAsync(callback.Headers.Location!.OriginalString);
        Assert.That(landed.Headers.Location!.OriginalString, Does.StartWith("/wechat/bind"));
        Assert.That(await _http.GetStringAsync("/wechat/bind"), Does.Contain("Your WeChat account Simulated Shopper is not linked to a Dashop account yet."));
    }

    [Test]
    public async Task The_simulator_answers_errors_as_WeChat_does_in_text_plain_with_HTTP_200()
    {
        using var response = await _http.GetAsync($"/dev/wechat/sns/oauth2/access_token?appid={WeChatSimulator.QrAppId}&secret={WeChatSimulator.QrAppSecret}&code=unknown&grant_type=authorization_code");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(body.GetProperty("errcode").GetInt32(), Is.EqualTo(40029));
    }

    [Test]
    public async Task Outside_Development_without_credentials_WeChat_shows_no_button_and_its_routes_are_404()
    {
        await using var production = new DashopFactory(Backend.Embedded, _ronglian, environment: "Production");
        using var client = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.That(await client.GetStringAsync("/login"), Does.Not.Contain("wechat-login"));
        foreach (var path in new[] { "/login/wechat", "/wechat/callback", "/wechat/bind", "/login/wechat/failed?reason=Denied",
            "/dev/wechat/connect/qrconnect?appid=x", "/dev/wechat/sns/userinfo?access_token=x&openid=y", "/login/nosuchprovider" })
        {
            using var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }
        Assert.That(production.Services.GetRequiredService<RunMode>().ToString(), Does.Contain("wechat=off (WeChat:AppId is not set)"));
    }
}

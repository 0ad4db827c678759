using Dashop.Web.Infrastructure;
using System.Net;
using Dashop.Contracts;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Scale;

/// <summary>Spec §10: two instances (separate hosts and service providers) on one PostgreSQL, Redis and RabbitMQ.</summary>
[Category(TestCategories.Servers)]
public sealed class TwoInstanceTests
{
    private FakeRonglianServer _ronglian = null!;
    private FakeWeiboServer _weibo = null!;
    private DashopFactory _a = null!;
    private DashopFactory _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await SharedHosts.RonglianAsync();
        _weibo = await FakeWeiboServer.StartAsync();
        _a = new DashopFactory(Backend.Postgres, _ronglian, _weibo.Settings());
        var shared = new Dictionary<string, string?>(_weibo.Settings())
        {
            ["ConnectionStrings:Dashop"] = $"{TestServers.Postgres};Database=dashop_{_a.InstanceId}",
            ["Cache:InstanceName"] = $"t{_a.InstanceId}:",
            ["Messaging:Prefix"] = $"t{_a.InstanceId}",
        };
        _b = new DashopFactory(Backend.Postgres, _ronglian, shared);
        _a.CreateClient().Dispose();
        _b.CreateClient().Dispose();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _weibo.DisposeAsync();
    }

    [Test]
    public async Task A_Weibo_bind_started_on_A_finishes_on_B()
    {
        using var a = _a.CreateClient();
        using var b = _b.CreateClient();
        var user = FakeWeiboUser.New();

        // A issues the state; Weibo sends the person back; B takes the callback and issues the ticket; A binds.
        using var authorization = await a.GetAsync("/v1/users/weibo/authorization");
        var issued = await HttpExtensions.ReadJsonAsync(authorization);
        var oauthUrl = issued.GetProperty("oauth_url").GetString()!;
        var back = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery((await _weibo.ApproveAsync(oauthUrl, user)).Query);
        using var callback = await b.GetAsync($"/v1/users/weibo/users?code={Uri.EscapeDataString(back["code"]!)}&state={Uri.EscapeDataString(back["state"]!)}"
            + $"&nonce={Uri.EscapeDataString(issued.GetProperty("nonce").GetString()!)}");
        var notBound = await HttpExtensions.ReadJsonAsync(callback);
        Assert.That(notBound.Code(), Is.EqualTo(201), notBound.ToString());

        var phone = TestData.Phone();
        await b.PostJsonAsync("/v1/users/sms/code", new { phone });
        var code = await _ronglian.WaitForCodeAsync(phone);
        var username = TestData.Username("wab");
        var (_, bound) = await a.PostJsonAsync("/v1/users/weibo/users", new
        {
            uid = notBound.GetProperty("uid").GetString(), username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code,
        });
        Assert.That(bound.Code(), Is.EqualTo(200), bound.ToString());

        // And the next login through B signs straight in.
        using var again = await b.GetAsync("/v1/users/weibo/authorization");
        var reissued = await HttpExtensions.ReadJsonAsync(again);
        var next = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery((await _weibo.ApproveAsync(
            reissued.GetProperty("oauth_url").GetString()!, user)).Query);
        using var second = await a.GetAsync($"/v1/users/weibo/users?code={Uri.EscapeDataString(next["code"]!)}&state={Uri.EscapeDataString(next["state"]!)}"
            + $"&nonce={Uri.EscapeDataString(reissued.GetProperty("nonce").GetString()!)}");
        var signedIn = await HttpExtensions.ReadJsonAsync(second);
        Assert.That((signedIn.Code(), signedIn.GetProperty("username").GetString()), Is.EqualTo((200, username)));
    }

    [Test]
    public async Task Two_instances_starting_together_on_an_empty_database_both_come_up()
    {
        var database = new Dictionary<string, string?> { ["ConnectionStrings:Dashop"] = $"{TestServers.Postgres};Database=dashop_together_{Guid.NewGuid():N}" };
        await using var first = new DashopFactory(Backend.Postgres, _ronglian, database);
        await using var second = new DashopFactory(Backend.Postgres, _ronglian, database);
        await Task.WhenAll(Task.Run(() => first.CreateClient().Dispose()), Task.Run(() => second.CreateClient().Dispose()));

        using var a = first.CreateClient();
        using var b = second.CreateClient();
        using var pageA = await a.GetAsync("/register");
        using var pageB = await b.GetAsync("/register");
        Assert.That((pageA.StatusCode, pageB.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
    }

    [Test]
    public async Task A_code_requested_on_A_verifies_on_B()
    {
        using var a = _a.CreateClient();
        using var b = _b.CreateClient();
        var phone = TestData.Phone();
        var (_, sent) = await a.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200));
        var (_, again) = await b.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(again.Code(), Is.EqualTo(10111), "the cooldown set through A holds on B");

        var code = await _ronglian.WaitForCodeAsync(phone);
        var username = TestData.Username("ab");
        var (_, registered) = await b.PostJsonAsync("/v1/users", new { uname = username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());
    }

    [Test]
    public async Task A_form_rendered_by_A_posts_to_B_and_the_cookie_works_on_both()
    {
        var cookies = new CookieContainer();
        using var a = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = _a.Server.CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        using var b = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = _b.Server.CreateHandler() }) { BaseAddress = new Uri("http://localhost") };

        var phone = TestData.Phone();
        await a.PostJsonAsync("/v1/users/sms/code", new { phone });
        var code = await _ronglian.WaitForCodeAsync(phone);

        var token = await a.AntiforgeryTokenAsync("/register");
        var username = TestData.Username("form");
        using var response = await b.PostAsync("/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Username"] = username, ["Password"] = TestData.Password, ["Phone"] = phone, ["Email"] = $"{username}@example.com", ["Code"] = code,
            ["TermsAccepted"] = "true",
        }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"), "redirected home after registering");
        Assert.That(await a.GetStringAsync("/"), Does.Contain("signed-in-user").And.Contain(username), "the auth cookie made by B is accepted by A");
    }

    private int PublishedBothInstances(string phone) =>
        _a.Bus.Published<SendSmsCode>().Concat(_b.Bus.Published<SendSmsCode>()).Count(m => m.Phone == "+86" + phone);

    private int ConsumedBothInstances(string phone) =>
        _a.Bus.Consumed<SendSmsCode>().Concat(_b.Bus.Consumed<SendSmsCode>()).Count(m => m.Phone == "+86" + phone);

    [Test]
    public async Task Two_hundred_simultaneous_requests_over_A_and_B_send_exactly_one_SMS()
    {
        using var a = _a.CreateClient();
        using var b = _b.CreateClient();
        var phone = TestData.Phone();
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? a : b).PostJsonAsync("/v1/users/sms/code", new { phone })));

        Assert.That(answers.Count(x => x.Body.Code() == 200), Is.EqualTo(1));
        // Codes are published before the request is answered: by now every publish, by either instance, is recorded.
        await Eventually.That(() => Task.FromResult(ConsumedBothInstances(phone) == 1));
        Assert.That(PublishedBothInstances(phone), Is.EqualTo(1));
        Assert.That(_ronglian.To(phone), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Each_SMS_is_consumed_by_exactly_one_instance()
    {
        using var a = _a.CreateClient();
        using var b = _b.CreateClient();
        var phones = Enumerable.Range(0, 40).Select(_ => TestData.Phone()).ToList();
        var answers = await Task.WhenAll(phones.Select((p, i) => (i % 2 == 0 ? a : b).PostJsonAsync("/v1/users/sms/code", new { phone = p })));
        Assert.That(answers.All(x => x.Body.Code() == 200), Is.True);

        await Eventually.That(() => Task.FromResult(phones.All(p => ConsumedBothInstances(p) > 0)));
        await TestServers.WaitUntilRabbitQueuesAreEmptyAsync($"t{_a.InstanceId}");
        Assert.Multiple(() =>
        {
            Assert.That(phones.Select(ConsumedBothInstances), Is.All.EqualTo(1), "consumed once, by one instance");
            Assert.That(phones.Select(p => _ronglian.To(p).Count), Is.All.EqualTo(1));
            Assert.That(_a.Bus.Consumed<SendSmsCode>(), Is.Not.Empty, "instance A consumed some");
            Assert.That(_b.Bus.Consumed<SendSmsCode>(), Is.Not.Empty, "instance B consumed some");
        });

        await using var scope = _a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var masked = phones.Select(p => Masking.Phone("+86" + p)).ToList();
        var rows = await db.Deliveries.AsNoTracking().Where(d => masked.Contains(d.MaskedRecipient)).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(40));
            Assert.That(rows.Select(r => r.Attempts), Is.All.EqualTo(1));
            Assert.That(rows.Select(r => r.Status), Is.All.EqualTo(DeliveryStatus.Sent));
        });
    }
}

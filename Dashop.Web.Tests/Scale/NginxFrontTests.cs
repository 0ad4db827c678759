using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dashop.Contracts;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Scale;

/// <summary>
/// Issue 17 §3: nginx in front of two real instances (Kestrel on loopback ports) on one PostgreSQL, Redis and RabbitMQ
/// with quorum queues. Every request goes through nginx's round robin; its <see cref="NginxFront.UpstreamHeader"/> says
/// which instance answered. Tests in a fixture run one after the other, and nginx's single worker alternates the two
/// instances request by request, so two consecutive requests land on different instances.
/// Clients connect from their own loopback addresses (127.x.y.z), so each is a different client to nginx.
/// </summary>
[Category(TestCategories.Servers)]
public sealed class NginxFrontTests
{
    private const int MaxPerIpPerHour = 3;
    private static int _nextAddress;

    private FakeRonglianServer _ronglian = null!;
    private FakeWeiboServer _weibo = null!;
    private DashopFactory _a = null!;
    private DashopFactory _b = null!;
    private NginxFront _nginx = null!;
    private string _prefix = "";

    /// <summary>The one place the Redis of this fixture is chosen: the test cluster when there is one, else the single Redis.</summary>
    private static string Redis =>
        Environment.GetEnvironmentVariable("DASHOP_TEST_REDIS_CLUSTER") is { Length: > 0 } cluster ? cluster : TestServers.Redis;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await SharedHosts.RonglianAsync();
        _weibo = await FakeWeiboServer.StartAsync();
        var nginxPort = NginxFront.FreePort();
        var instanceId = Guid.NewGuid().ToString("N")[..10];
        _prefix = $"t{instanceId}";
        var shared = new Dictionary<string, string?>(_weibo.Settings())
        {
            ["ConnectionStrings:Dashop"] = $"{TestServers.Postgres};Database=dashop_nginx_{instanceId}",
            ["ConnectionStrings:Redis"] = Redis,
            ["Cache:InstanceName"] = $"t{instanceId}:",
            ["Messaging:Prefix"] = _prefix,
            ["Messaging:QueueType"] = "quorum",
            ["App:PublicBaseUrl"] = $"http://127.0.0.1:{nginxPort}",
            ["App:AllowHttp"] = "true",
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            ["Sms:MaxPerIpPerHour"] = MaxPerIpPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _a = new DashopFactory(Backend.Postgres, _ronglian, shared, kestrel: true);
        _b = new DashopFactory(Backend.Postgres, _ronglian, shared, kestrel: true);
        // One after the other: the first applies the migrations (both would wait on the advisory lock anyway).
        var portA = new Uri(_a.ServerAddress).Port;
        var portB = new Uri(_b.ServerAddress).Port;
        _nginx = await NginxFront.StartAsync(nginxPort, [portA, portB]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_nginx is not null)
            await _nginx.DisposeAsync();
        if (_a is not null)
            await _a.DisposeAsync();
        if (_b is not null)
            await _b.DisposeAsync();
        if (_weibo is not null)
            await _weibo.DisposeAsync();
        if (_prefix.Length > 0)
            await QueueTypeTests.DeleteQueuesAsync(_prefix);
    }

    /// <summary>A client of nginx connecting from its own loopback address, so that nginx sees it as a client of its own.</summary>
    private HttpClient Client(CookieContainer? cookies = null)
    {
        var n = Interlocked.Increment(ref _nextAddress);
        var from = new IPAddress([127, (byte)(1 + n / 65_025), (byte)(n / 255 % 255 + 1), (byte)(n % 255 + 1)]);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(_nginx.BaseUrl) };
    }

    private sealed record Answer(string Upstream, int Status, JsonElement Body, string Text, string? Location);

    private static async Task<Answer> ReadAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        var body = text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        var upstream = response.Headers.TryGetValues(NginxFront.UpstreamHeader, out var values) ? values.Single() : "";
        return new Answer(upstream, (int)response.StatusCode, body, text, response.Headers.Location?.OriginalString);
    }

    private static Task<Answer> CodeAsync(HttpClient client, string phone, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users/sms/code") { Content = JsonContent.Create(new { phone }) };
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        return ReadAsync(client.SendAsync(request));
    }

    [Test]
    public async Task A_registration_form_got_from_one_instance_posts_to_the_other_through_nginx()
    {
        var cookies = new CookieContainer();
        using var browser = Client(cookies);
        var phone = TestData.Phone();
        var sent = await CodeAsync(browser, phone);
        Assert.That(sent.Body.Code(), Is.EqualTo(200), sent.Text);
        var code = await _ronglian.WaitForCodeAsync(phone);

        var form = await ReadAsync(browser.GetAsync("/register"));
        var username = TestData.Username("ngx");
        var posted = await ReadAsync(browser.PostAsync("/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HttpExtensions.AntiforgeryToken(form.Text),
            ["Username"] = username, ["Password"] = TestData.Password, ["Phone"] = phone, ["Email"] = $"{username}@example.com", ["Code"] = code,
            ["TermsAccepted"] = "true",
        })));
        var home = await ReadAsync(browser.GetAsync("/"));

        Assert.Multiple(() =>
        {
            Assert.That((posted.Status, posted.Location), Is.EqualTo((302, "/")), posted.Text);
            Assert.That(form.Upstream, Is.Not.Empty);
            Assert.That(posted.Upstream, Is.Not.EqualTo(form.Upstream), "the form came from one instance and was posted to the other");
            Assert.That(home.Upstream, Is.Not.EqualTo(posted.Upstream), "the page after it came from the first again");
            Assert.That(home.Text, Does.Contain("signed-in-user").And.Contain(username), "the sign-in cookie made by one instance works on the other");
        });
    }

    [Test]
    public async Task Two_hundred_simultaneous_code_requests_for_one_phone_through_nginx_send_exactly_one_SMS()
    {
        var phone = TestData.Phone();
        var clients = Enumerable.Range(0, 200).Select(_ => Client()).ToList();
        try
        {
            var answers = await Task.WhenAll(clients.Select(c => CodeAsync(c, phone)));

            // The accepted request was published before it was answered; wait for its delivery's final state, then
            // for the queues to be empty, so that no second SMS can still be on its way.
            var consumed = await Eventually.Value(() => Task.FromResult(
                _a.Bus.Consumed<SendSmsCode>().Concat(_b.Bus.Consumed<SendSmsCode>()).FirstOrDefault(m => m.Phone == "+86" + phone)));
            var delivery = await Eventually.Value(async () =>
            {
                await using var scope = _a.Services.CreateAsyncScope();
                var row = await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == consumed.DeliveryId);
                return row is { Status: not DeliveryStatus.Pending } ? row : null;
            });
            await TestServers.WaitUntilRabbitQueuesAreEmptyAsync(_prefix);

            Assert.Multiple(() =>
            {
                Assert.That(answers.Count(a => a.Body.Code() == 200), Is.EqualTo(1));
                Assert.That(answers.Select(a => a.Body.Code()).Distinct(), Is.SubsetOf(new[] { 200, 10111 }), "only the cooldown refused the others");
                Assert.That(answers.Select(a => a.Upstream).Distinct().Count(), Is.EqualTo(2), "nginx spread the requests over both instances");
                Assert.That(delivery.Status, Is.EqualTo(DeliveryStatus.Sent));
                Assert.That(_a.Bus.Published<SendSmsCode>().Concat(_b.Bus.Published<SendSmsCode>()).Count(m => m.Phone == "+86" + phone), Is.EqualTo(1));
                Assert.That(_ronglian.To(phone), Has.Count.EqualTo(1), "one SMS at the provider");
            });
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task Per_IP_caps_count_the_client_behind_nginx_not_nginx_nor_a_forged_header()
    {
        using var first = Client();
        using var second = Client();

        // The first client forges a new X-Forwarded-For each time; nginx appends the address it really came from,
        // and the app, which believes only nginx, counts that one.
        var firsts = new List<Answer>();
        for (var i = 0; i <= MaxPerIpPerHour; i++)
            firsts.Add(await CodeAsync(first, TestData.Phone(), forwardedFor: $"198.51.100.{i + 1}"));
        var secondsFirst = await CodeAsync(second, TestData.Phone());

        Assert.Multiple(() =>
        {
            Assert.That(firsts.Select(a => a.Body.Code()), Is.EqualTo(Enumerable.Repeat(200, MaxPerIpPerHour).Append(10116)),
                "the first client's cap holds whatever it puts in X-Forwarded-For");
            Assert.That(firsts.Select(a => a.Upstream).Distinct().Count(), Is.EqualTo(2), "the cap held across both instances");
            Assert.That(secondsFirst.Body.Code(), Is.EqualTo(200), "another client has a cap of its own: nginx's address is not what is counted");
        });
    }

    [Test]
    public async Task A_Weibo_bind_started_on_one_instance_finishes_on_the_other_through_nginx()
    {
        using var frontEnd = Client();
        var user = FakeWeiboUser.New();

        var authorization = await ReadAsync(frontEnd.GetAsync("/v1/users/weibo/authorization"));
        var oauthUrl = authorization.Body.GetProperty("oauth_url").GetString()!;
        var back = QueryHelpers.ParseQuery((await _weibo.ApproveAsync(oauthUrl, user)).Query);
        var callback = await ReadAsync(frontEnd.GetAsync($"/v1/users/weibo/users?code={Uri.EscapeDataString(back["code"]!)}"
            + $"&state={Uri.EscapeDataString(back["state"]!)}&nonce={Uri.EscapeDataString(authorization.Body.GetProperty("nonce").GetString()!)}"));
        Assert.That(callback.Body.Code(), Is.EqualTo(201), callback.Text);

        var phone = TestData.Phone();
        var sent = await CodeAsync(frontEnd, phone);
        Assert.That(sent.Body.Code(), Is.EqualTo(200), sent.Text);
        var code = await _ronglian.WaitForCodeAsync(phone);
        var username = TestData.Username("ngw");
        var bound = await ReadAsync(frontEnd.PostAsJsonAsync("/v1/users/weibo/users", new
        {
            uid = callback.Body.GetProperty("uid").GetString(), username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code,
        }));

        Assert.Multiple(() =>
        {
            Assert.That(bound.Body.Code(), Is.EqualTo(200), bound.Text);
            Assert.That(callback.Upstream, Is.Not.EqualTo(authorization.Upstream), "Weibo's callback landed on the other instance");
            Assert.That(bound.Upstream, Is.Not.EqualTo(authorization.Upstream), "the bind finished on the other instance");
        });
    }
}

// A seeded, repeatable generator is the point of a fuzz test here.
#pragma warning disable CA5394
using System.Net;
using System.Text;
using System.Text.Json;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Reliability;

/// <summary>
/// Issue 7 §3: 1,000 seeded bad inputs over every /v1 call and every form. No 5xx, no stack trace, nothing
/// a person typed echoed unencoded, and the app still healthy afterwards.
/// </summary>
[Category(TestCategories.Servers)]
public sealed class FuzzTests
{
    private const int Seed = 20261125;
    private const int Cases = 1000;
    private const string Marker = "<x-fuzz onload=alert(1)>";

    private static readonly string[] Strings =
    [
        "", " ", "17723452345", "+86 177 2345 2345", "a@example.com", "user_01", "123456", "null", "true",
        Marker, "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE AspNetUsers; --", "{{7*7}}", "${jndi:ldap://x}",
        "../../etc/passwd", "%00%0d%0a", "\u0000\u0001\u0007\u001b", "\r\n\r\nX-Injected: 1", "😀🙈💥", "\u202Eevil\u202C", "\u200B\u200D",
        "用户名测试", "ทดสอบ", "مرحبا", new string('9', 40), new string('a', 5000), new string('é', 20_000),
    ];

    private static readonly string[] JsonFields = ["phone", "uname", "password", "email", "verify", "carts", "uid", "username", "code", "state"];
    private static readonly string[] JsonUrls = ["/v1/users/sms/code", "/v1/users", "/v1/users/weibo/users"];
    private static readonly string[] FormFields =
        ["Username", "Password", "Phone", "Email", "Code", "Login", "Remember", "ReturnUrl", "phone", "uid", "token", "Link.Login", "Link.Password", "returnUrl", "NewAccount.Username"];

    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await SharedHosts.RonglianAsync();
        _factory = new DashopFactory(Backend.Servers, _ronglian);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task A_thousand_bad_inputs_give_no_5xx_and_no_stack_trace()
    {
        var random = new Random(Seed);
        using var client = _factory.CreateClient();
        var token = await client.AntiforgeryTokenAsync("/register");
        var failures = new List<string>();

        for (var i = 0; i < Cases; i++)
        {
            using var request = NextRequest(random, token);
            var description = $"#{i} {request.Method} {request.RequestUri}";
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500)
                failures.Add($"{description}: HTTP {(int)response.StatusCode}");
            if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
                failures.Add($"{description}: stack trace or exception text in the answer");
            if (response.Content.Headers.ContentType?.MediaType == "text/html" && body.Contains(Marker, StringComparison.Ordinal))
                failures.Add($"{description}: typed text echoed without HTML encoding");
        }

        var errors = _factory.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))
            .Select(l => l.Length > 600 ? l[..600] : l).Distinct().Take(5);
        Assert.That(failures, Is.Empty, string.Join('\n', failures.Take(20).Concat(errors)));
        await AssertHealthyAsync(client);
    }

    private async Task AssertHealthyAsync(HttpClient client)
    {
        using var home = await client.GetAsync("/");
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var phone = TestData.Phone();
        var (_, body) = await client.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(body.Code(), Is.EqualTo(200));
        await _ronglian.WaitForCodeAsync(phone);
    }

    private static HttpRequestMessage NextRequest(Random random, string token)
    {
        return random.Next(14) switch
        {
            < 5 => JsonRequest(random, JsonUrls[random.Next(JsonUrls.Length)]),
            5 => FormRequest(random, "/register", token),
            6 => FormRequest(random, "/login", token),
            7 => FormRequest(random, "/sms/code", token),
            8 => FormRequest(random, random.Next(2) == 0 ? "/weibo/bind" : "/weibo/bind/link", token),
            9 => FormRequest(random, "/activate/resend", token),
            10 => new HttpRequestMessage(HttpMethod.Get, $"/activate?uid={Uri.EscapeDataString(Pick(random))}&token={Uri.EscapeDataString(Pick(random))}"),
            11 => new HttpRequestMessage(HttpMethod.Get, $"/v1/users/weibo/users?code={Uri.EscapeDataString(Pick(random))}&state={Uri.EscapeDataString(Pick(random))}"),
            12 => new HttpRequestMessage(HttpMethod.Get, random.Next(2) == 0 ? "/v1/users/weibo/authorization" : $"/weibo/callback?returnUrl={Uri.EscapeDataString(Pick(random))}"),
            _ => new HttpRequestMessage(HttpMethod.Get, random.Next(2) == 0
                ? $"/sms/deliveries/{Uri.EscapeDataString(PathSafe(Pick(random)))}"
                : $"/login?returnUrl={Uri.EscapeDataString(Pick(random))}"),
        };
    }

    private static string Pick(Random random) => Strings[random.Next(Strings.Length)];

    /// <summary>A NUL in a path never reaches the app (servers refuse the request line), so paths carry none.</summary>
    private static string PathSafe(string value) => value.Replace("\0", "", StringComparison.Ordinal).Replace("%00", "", StringComparison.Ordinal);

    private static HttpRequestMessage JsonRequest(Random random, string url)
    {
        string content = random.Next(8) switch
        {
            0 => "{\"phone\": \"1772345",                                           // truncated
            1 => Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(1, 200)).Select(_ => (byte)random.Next(256)).ToArray()),
            2 => new string('[', 2000) + new string(']', 2000),                      // deep nesting
            3 => "{\"phone\":\"" + new string('1', 70_000) + "\"}",                  // oversized
            _ => RandomObject(random),
        };
        var mediaType = random.Next(6) switch { 0 => "text/plain", 1 => "application/x-www-form-urlencoded", _ => "application/json" };
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(content, Encoding.UTF8, mediaType) };
    }

    private static string RandomObject(Random random)
    {
        var fields = new Dictionary<string, object?>();
        foreach (var field in JsonFields.Where(_ => random.Next(3) > 0))
        {
            fields[field] = random.Next(8) switch
            {
                0 => null,
                1 => random.Next(),
                2 => random.NextDouble() * 1e300,
                3 => random.Next(2) == 0,
                4 => new[] { Pick(random), Pick(random) },
                5 => new Dictionary<string, object> { ["nested"] = Pick(random) },
                _ => Pick(random),
            };
        }
        return JsonSerializer.Serialize(fields);
    }

    private static HttpRequestMessage FormRequest(Random random, string url, string token)
    {
        var fields = FormFields.Where(_ => random.Next(2) == 0).Select(f => new KeyValuePair<string, string>(f, Pick(random))).ToList();
        if (random.Next(5) > 0)
            fields.Add(new("__RequestVerificationToken", token));
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (url == "/sms/code")
            request.Headers.Add("RequestVerificationToken", token);
        return request;
    }
}

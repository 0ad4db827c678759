using System.Net;
using Dashop.Contracts;
using Dashop.Web.Features.Sms;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Reliability;

/// <summary>Issue 7 §2: limits that hold when people (or scripts) push on them, against the real servers.</summary>
[Category(TestCategories.Servers)]
public sealed class AbuseTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.WithFakesAsync(Backend.Servers);

    [Test]
    public async Task Of_100_parallel_checks_at_most_5_are_evaluated()
    {
        var (phone, code) = await _factory.NewCodeAsync(_ronglian);
        // All 100 carry the right code: if more than five were compared, more than five would pass.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            await using var scope = _factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SmsCodeService>().VerifyAsync("+86" + phone, code);
        }));
        Assert.That(outcomes.Count(o => o.Succeeded), Is.LessThanOrEqualTo(5));

        await using var after = _factory.Services.CreateAsyncScope();
        Assert.That((await after.ServiceProvider.GetRequiredService<SmsCodeService>().VerifyAsync("+86" + phone, code)).Succeeded,
            Is.False, "the code is void afterwards");
    }

    [Test]
    public async Task One_hundred_parallel_wrong_guesses_void_the_code()
    {
        var (phone, code) = await _factory.NewCodeAsync(_ronglian);
        var wrong = code == "000000" ? "111111" : "000000";
        using var api = _factory.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => api.PostJsonAsync("/v1/users",
            new { uname = $"guess{i}{Guid.NewGuid():N}"[..20], password = TestData.Password, phone, email = "g@example.com", verify = wrong })));
        Assert.That(answers.Select(a => a.Body.Code()), Is.All.EqualTo(10112));

        var (_, right) = await api.PostJsonAsync("/v1/users", new { uname = TestData.Username(), password = TestData.Password, phone, email = "g@example.com", verify = code });
        Assert.That(right.Code(), Is.EqualTo(10112));
    }

    [TestCase(Backend.Servers)]
    [TestCase(Backend.Cluster)]
    public async Task One_IP_asking_for_1000_phones_is_capped_per_hour(Backend backend)
    {
        await using var capped = new DashopFactory(backend, _ronglian, new Dictionary<string, string?> { ["Sms:MaxPerIpPerHour"] = "20" });
        using var api = capped.CreateClient();
        var phones = Enumerable.Range(0, 1000).Select(_ => TestData.Phone()).ToList();
        var answers = new List<int>();
        foreach (var chunk in phones.Chunk(50))
            answers.AddRange((await Task.WhenAll(chunk.Select(p => api.PostJsonAsync("/v1/users/sms/code", new { phone = p })))).Select(a => a.Body.Code()));

        Assert.Multiple(() =>
        {
            Assert.That(answers.Count(c => c == 200), Is.EqualTo(20));
            Assert.That(answers.Count(c => c == 10116), Is.EqualTo(980));
        });
        // Codes are published before the request is answered: these are all there will be.
        var asked = phones.Select(p => "+86" + p).ToHashSet();
        Assert.That(capped.Bus.Published<SendSmsCode>().Count(m => asked.Contains(m.Phone)), Is.EqualTo(20));
        await capped.Bus.WaitForConsumedAsync<SendSmsCode>(m => asked.Contains(m.Phone), count: 20);
        Assert.That(phones.Count(p => _ronglian.To(p).Count > 0), Is.EqualTo(20));
    }

    [Test]
    public async Task A_phone_gets_at_most_its_daily_cap()
    {
        await using var capped = new DashopFactory(Backend.Embedded, _ronglian,
            new Dictionary<string, string?> { ["Sms:MaxPerPhonePerDay"] = "3", ["Sms:KnownDeviceReservePerDay"] = "0" }, fakeTime: true);
        using var api = capped.CreateClient();
        var phone = TestData.Phone();
        var codes = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((await api.PostJsonAsync("/v1/users/sms/code", new { phone })).Body.Code());
            capped.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        }
        Assert.That(codes, Is.EqualTo(new[] { 200, 200, 200, 10116, 10116 }));
    }

    [Test]
    public async Task One_IP_gets_a_bounded_number_of_password_checks_a_minute()
    {
        await using var limited = new DashopFactory(Backend.Embedded, _ronglian, new Dictionary<string, string?> { ["RateLimits:PasswordAttemptsPerMinutePerIp"] = "3" });
        using var api = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
            codes.Add((await api.PostJsonAsync("/v1/users", new { uname = TestData.Username(), password = TestData.Password, phone = TestData.Phone(), email = "x@example.com", verify = "123456" })).Body.Code());
        Assert.That(codes, Is.EqualTo(new[] { 10112, 10112, 10112, 10116 }));

        // The pages share the same budget: the next login form is refused before any password is hashed.
        using var login = await api.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = "someone", ["Password"] = "whatever pw" });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        // Sending codes is not a password check: it has its own caps.
        var (_, sms) = await api.PostJsonAsync("/v1/users/sms/code", new { phone = TestData.Phone() });
        Assert.That(sms.Code(), Is.EqualTo(200));
    }
}

using System.Net;
using Dashop.Web.Features.Api;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.Security;

/// <summary>
/// Spec §18, issue 22 point 2: nobody can keep a person out. A stranger uses up the phone's SMS codes (every purpose)
/// and locks the password with wrong guesses, from several addresses; the person still signs in within five minutes on
/// a device they signed in with before, by password or by a fresh SMS code, on the pages and on /v1
/// (docs/decisions/0012-nobody-can-keep-a-person-out.md).
/// </summary>
public sealed class KeepingOutTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await SharedHosts.RonglianAsync();
        // The defaults a shop runs with: Ronglian's own cap of 5 a template, one template for every purpose.
        _factory = new DashopFactory(Backend.Embedded, _ronglian, new Dictionary<string, string?>
        {
            ["Sms:MaxPerPhonePerDay"] = "5",
            ["Sms:KnownDeviceReservePerDay"] = "2",
        }, fakeTime: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
    }

    /// <summary>A client with its own cookies (per-IP caps are lifted by the factory: addresses do not matter here).</summary>
    private HttpClient Browser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient browser, string login, string password) =>
        await browser.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = login, ["Password"] = password });

    private static async Task<bool> AskCodeAsync(HttpClient browser, string phone, string purpose)
    {
        using var response = await browser.PostFormAsync("/login?method=sms", "/sms/code", new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = purpose });
        return (await HttpExtensions.ReadJsonAsync(response)).GetProperty("ok").GetBoolean();
    }

    /// <summary>What a stranger does: code requests of every purpose a minute apart, then wrong passwords by name and by phone.</summary>
    private async Task AttackAsync(string username, string phone)
    {
        var attackers = Enumerable.Range(1, 4).Select(_ => Browser()).ToList();
        foreach (var purpose in new[] { "login", "login", "login", "login", "login", "register", "reset" })
        {
            await AskCodeAsync(attackers[0], phone, purpose);
            _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        }
        using var api = Browser();
        for (var i = 0; i < 6; i++)
        {
            (await LoginAsync(attackers[i % attackers.Count], username, $"wrong guess {i}")).Dispose();
            (await LoginAsync(attackers[i % attackers.Count], phone, $"wrong guess {i}")).Dispose();
            await api.PostJsonAsync("/v1/tokens", new { username, password = $"wrong guess {i}" });
        }
        Assert.That((await api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password })).Body.Code(), Is.EqualTo(ApiCodes.LockedOut),
            "the attack worked: the account is locked for everyone else");
        Assert.That(await AskCodeAsync(attackers[1], phone, "login"), Is.False, "and strangers get no more login codes");
        foreach (var attacker in attackers)
            attacker.Dispose();
    }

    [Test]
    public async Task Lockout_attack_the_person_still_signs_in_within_five_minutes()
    {
        var (username, phone) = await AdminSession.NewUserWithPhoneAsync(_factory, "victim");
        using var person = Browser();
        using (var first = await LoginAsync(person, username, TestData.Password))
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the person signed in on this browser before");
        (await person.PostFormAsync("/login", "/logout", new Dictionary<string, string>())).Dispose();

        var attackStarted = _factory.FakeTime!.GetUtcNow();
        await AttackAsync(username, phone);

        // By password, on the browser that signed in before.
        using var byPassword = await LoginAsync(person, username, TestData.Password);
        (await person.PostFormAsync("/login", "/logout", new Dictionary<string, string>())).Dispose();
        // By a fresh SMS code, asked for on that browser.
        var received = _ronglian.To(phone).Count;
        var asked = await AskCodeAsync(person, phone, "login");
        await Eventually.That(() => Task.FromResult(_ronglian.To(phone).Count > received));
        using var byCode = await person.PostFormAsync("/login?method=sms", "/login/sms", new Dictionary<string, string>
        {
            ["Phone"] = phone, ["Code"] = _ronglian.LatestCode(phone)!,
        });

        Assert.Multiple(() =>
        {
            Assert.That(byPassword.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in by password");
            Assert.That(asked, Is.True, "a fresh login code for the known device");
            Assert.That(byCode.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in by the code");
            Assert.That(_factory.FakeTime.GetUtcNow() - attackStarted, Is.LessThan(TimeSpan.FromMinutes(10)), "the attack's own minutes");
        });
    }

    [Test]
    public async Task Lockout_attack_a_v1_client_that_signed_in_before_still_gets_a_token()
    {
        var (username, phone) = await AdminSession.NewUserWithPhoneAsync(_factory, "victim");
        using var client = Browser();
        var (_, first) = await client.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password });
        Assert.That(first.Code(), Is.EqualTo(ApiCodes.Ok));
        var device = first.GetProperty("data").GetProperty("device").GetString();

        await AttackAsync(username, phone);

        var (_, byPassword) = await client.PostJsonAsync("/v1/tokens", new { username = phone, password = TestData.Password, device });
        // (A right code clears the lockout below: the code proves the phone. Until then it holds for everyone else.)
        var (_, stranger) = await client.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password });
        var received = _ronglian.To(phone).Count;
        var (_, asked) = await client.PostJsonAsync("/v1/users/sms/code", new { phone, purpose = "login", device });
        await Eventually.That(() => Task.FromResult(_ronglian.To(phone).Count > received));
        var (_, byCode) = await client.PostJsonAsync("/v1/tokens/sms", new { phone, verify = _ronglian.LatestCode(phone), device });

        Assert.Multiple(() =>
        {
            Assert.That(byPassword.Code(), Is.EqualTo(ApiCodes.Ok), "a token by password with the device token");
            Assert.That(asked.Code(), Is.EqualTo(ApiCodes.Ok), "a login code from the reserve");
            Assert.That(byCode.Code(), Is.EqualTo(ApiCodes.Ok), "a token by the code");
            Assert.That(stranger.Code(), Is.EqualTo(ApiCodes.LockedOut), "without the device token the lockout holds");
        });
    }

    [Test]
    public async Task Lockout_attack_a_device_token_of_another_account_opens_nothing()
    {
        var (username, _) = await AdminSession.NewUserWithPhoneAsync(_factory, "victim");
        var (other, _) = await AdminSession.NewUserWithPhoneAsync(_factory, "victim");
        using var client = Browser();
        var (_, signedIn) = await client.PostJsonAsync("/v1/tokens", new { username = other, password = TestData.Password });
        var device = signedIn.GetProperty("data").GetProperty("device").GetString();
        for (var i = 0; i < 5; i++)
            await client.PostJsonAsync("/v1/tokens", new { username, password = $"wrong {i}" });

        var (_, withOtherDevice) = await client.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password, device });
        var (_, forged) = await client.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password, device = device + "x" });
        Assert.That((withOtherDevice.Code(), forged.Code()), Is.EqualTo((ApiCodes.LockedOut, ApiCodes.LockedOut)));
    }

    [Test]
    public async Task Lockout_attack_other_purposes_cannot_use_up_the_login_codes()
    {
        // Without Ronglian (the dev inbox) every purpose is its own budget, as it is with a Ronglian template per purpose.
        await using var inbox = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?>
        {
            ["Sms:MaxPerPhonePerDay"] = "3",
            ["Sms:KnownDeviceReservePerDay"] = "0",
        }, fakeTime: true);
        using var api = inbox.CreateClient();
        var phone = TestData.Phone();
        var answers = new List<int>();
        foreach (var purpose in new[] { "register", "register", "register", "reset", "reset", "reset", "register", "login" })
        {
            answers.Add((await api.PostJsonAsync("/v1/users/sms/code", new { phone, purpose })).Body.Code());
            inbox.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        }
        Assert.That(answers, Is.EqualTo(new[] { 200, 200, 200, 200, 200, 200, ApiCodes.RateLimited, 200 }), "register and reset used up, login untouched");
    }
}

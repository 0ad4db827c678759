using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Net;
using Dashop.Contracts;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Web;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Sms;

/// <summary>
/// Issue 12 §6, SMS pumping (paid messages sent to numbers an attacker profits from): only mobile numbers of
/// Sms:AllowedRegions, IPv6 clients counted by their /64, and a site-wide hourly ceiling shown on the admin page.
/// </summary>
public sealed class SmsPumpingTests
{
    private static async Task<int> RequestCodeAsync(HttpClient api, string phone, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users/sms/code")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { phone }), System.Text.Encoding.UTF8, "application/json"),
        };
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await api.SendAsync(request);
        return (await HttpExtensions.ReadJsonAsync(response)).Code();
    }

    [TestCase("01065529988", TestName = "A Beijing landline gets no code")]
    [TestCase("+442079460000", TestName = "A London landline gets no code")]
    [TestCase("+447400123456", TestName = "A UK mobile outside the allowed regions gets no code")]
    [TestCase("+85251234567", TestName = "A Hong Kong mobile outside the allowed regions gets no code")]
    [TestCase("4006001234", TestName = "A Chinese shared-cost 400 number gets no code")]
    public async Task Numbers_an_attacker_could_pump_are_refused_with_10115(string phone)
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian);
        using var api = factory.CreateClient();

        Assert.That(factory.Services.GetRequiredService<PhoneNumberParser>().ToE164(phone), Is.Not.Null, "a valid number: refused for what it is, not for its form");
        Assert.That(await RequestCodeAsync(api, phone), Is.EqualTo(10115));
        // A refusal answers before anything is published: the next allowed request is the first the provider sees.
        var mobile = TestData.Phone();
        Assert.That(await RequestCodeAsync(api, mobile), Is.EqualTo(200));
        await ronglian.WaitForCodeAsync(mobile);
        Assert.That(ronglian.Received.Select(r => r.To), Is.EqualTo(new[] { mobile }));
    }

    [Test]
    public async Task The_sms_button_of_the_pages_says_the_phone_is_not_valid_for_a_landline()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian);
        using var browser = factory.CreateClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var token = await browser.AntiforgeryTokenAsync("/register");
        using var send = new HttpRequestMessage(HttpMethod.Post, "/sms/code") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = "01065529988" }) };
        send.Headers.Add("RequestVerificationToken", token);
        using var sent = await browser.SendAsync(send);
        var body = await HttpExtensions.ReadJsonAsync(sent);
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Phone number is not valid."));
        });
    }

    [Test]
    public async Task Mobiles_of_every_allowed_region_get_codes_and_their_premium_numbers_do_not()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, new Dictionary<string, string?>
        {
            ["Sms:AllowedRegions:0"] = "CN",
            ["Sms:AllowedRegions:1"] = "GB",
        });
        using var api = factory.CreateClient();
        Assert.Multiple(async () =>
        {
            Assert.That(await RequestCodeAsync(api, TestData.Phone()), Is.EqualTo(200));
            Assert.That(await RequestCodeAsync(api, "+447400123456"), Is.EqualTo(200));
            Assert.That(await RequestCodeAsync(api, "+449098790000"), Is.EqualTo(10115), "UK premium rate");
        });
    }

    [Test]
    public async Task An_IPv6_client_cannot_escape_the_per_IP_cap_by_rotating_addresses_in_its_64()
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(Backend.Embedded, ronglian,
            new Dictionary<string, string?> { ["Sms:MaxPerIpPerHour"] = "2", ["ForwardedHeaders:KnownProxies"] = "127.0.0.1" },
            services: s => s.AddTransient<IStartupFilter, ArriveFromLoopback>());
        using var api = factory.CreateClient();

        var codes = new List<int>();
        foreach (var client in new[] { "2001:db8:1:2::a", "2001:db8:1:2:ffff::b", "2001:db8:1:2:1234:5678:9abc:def0", "2001:db8:1:3::a" })
            codes.Add(await RequestCodeAsync(api, TestData.Phone(), client));
        Assert.That(codes, Is.EqualTo(new[] { 200, 200, 10116, 200 }));
    }

    [TestCase("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:2::7", "2001:db8:1:2::/64")]
    [TestCase("::ffff:203.0.113.7", "203.0.113.7")]
    [TestCase("203.0.113.7", "203.0.113.7")]
    public void Every_per_IP_limiter_keys_an_IPv6_client_by_its_64(string address, string key)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        Assert.That(context.ClientIp(), Is.EqualTo(key));
    }

    [TestCase(Backend.Embedded)]
    [TestCase(Backend.Servers, Category = TestCategories.Servers)]
    [TestCase(Backend.Cluster, Category = TestCategories.Servers)]
    public async Task The_site_wide_hourly_cap_stops_a_pump_spread_over_many_phones_and_the_admin_page_shows_it(Backend backend)
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(backend, ronglian, new Dictionary<string, string?> { ["Sms:MaxPerHour"] = "3" });
        var admin = await AdminSession.SignInAsync(factory, await AdminSession.NewAdminAsync(factory));
        using var api = factory.CreateClient();

        var before = HealthPage.Checks(HealthPage.Section(await admin.GetStringAsync("/admin/health"), "health-checks"));
        var phones = Enumerable.Range(0, 4).Select(_ => TestData.Phone()).ToList();
        var codes = new List<int>();
        // The cap counts SMS handed to the provider (the consumer counts them): the fourth asks once three were sent.
        foreach (var phone in phones.Take(3))
            codes.Add(await RequestCodeAsync(api, phone));
        foreach (var phone in phones.Take(3))
            await ronglian.WaitForCodeAsync(phone);
        codes.Add(await RequestCodeAsync(api, phones[3]));
        // The page caches its report for 10 s (open tabs must not multiply the probes): ask the check itself.
        var quota = await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "sms-quota");
        var after = quota.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.EqualTo(new[] { 200, 200, 200, 10110 }));
            Assert.That(ronglian.Received.Select(r => r.To), Is.EquivalentTo(phones.Take(3)));
            Assert.That(factory.Logs, Has.Some.Match("^Warning .*site per hour"));
            Assert.That(before["sms-quota"], Is.EqualTo("Healthy"));
            Assert.That(after["sms-quota"], Is.EqualTo("Degraded"));
        });
        admin.Dispose();
    }

    [TestCase(Backend.Embedded)]
    [TestCase(Backend.Servers, Category = TestCategories.Servers)]
    [TestCase(Backend.Cluster, Category = TestCategories.Servers)]
    public async Task Site_cap_denial_codes_that_send_nothing_do_not_use_up_the_hourly_cap(Backend backend)
    {
        await using var ronglian = await FakeRonglianServer.StartAsync();
        await using var factory = new DashopFactory(backend, ronglian, new Dictionary<string, string?>
        {
            ["Sms:MaxPerHour"] = "3",
            ["Sms:MaxPerIpPerHour"] = "12",
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
        });
        using var api = factory.CreateClient();

        // The attack: reset codes to numbers nobody has (suppressed: nothing is sent), then past the IP's cap.
        var strangers = Enumerable.Range(0, 14).Select(_ => TestData.Phone()).ToList();
        var attack = new List<int>();
        foreach (var phone in strangers)
        {
            var (_, body) = await api.PostJsonAsync("/v1/users/sms/code", new { phone, purpose = "reset" });
            attack.Add(body.Code());
        }
        var asked = strangers.Select(p => "+86" + p).ToHashSet();
        await factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => asked.Contains(m.Phone), count: 12);

        // Then real people, from other addresses: the hour's three SMS are still there, and only then is it reached.
        var people = Enumerable.Range(0, 4).Select(_ => TestData.Phone()).ToList();
        var answers = new List<int>();
        for (var i = 0; i < people.Count; i++)
        {
            answers.Add(await RequestCodeAsync(api, people[i], forwardedFor: $"203.0.113.{10 + i}"));
            if (i < 3)
                await ronglian.WaitForCodeAsync(people[i]);
        }

        Assert.Multiple(() =>
        {
            Assert.That(attack, Is.EqualTo(Enumerable.Repeat(200, 12).Concat([10116, 10116])), "12 accepted, then the IP's cap");
            Assert.That(ronglian.Received.Select(r => r.To), Is.EquivalentTo(people.Take(3)), "nothing to the strangers");
            Assert.That(answers, Is.EqualTo(new[] { 200, 200, 200, 10110 }));
        });
    }
}

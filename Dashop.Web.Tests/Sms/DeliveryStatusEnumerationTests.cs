using Dashop.Contracts;
using Dashop.Web.Features.Sms;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.Sms;

/// <summary>
/// Issue 22 point 5 (§18): following a delivery's status (<c>GET /sms/deliveries/{id}</c>, what the page does after "send
/// code") shows no difference between a phone with an account and one without, for every purpose whose codes are
/// suppressed for a phone without an account: not in the states seen, nor in when they change (the provider's answer,
/// held here, is what used to keep one of them pending).
/// </summary>
public sealed class DeliveryStatusEnumerationTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        // A held provider call waits for its release, not for the client's timeout.
        _factory = new DashopFactory(Backend.Embedded, _ronglian, new Dictionary<string, string?> { ["Sms:Ronglian:TimeoutSeconds"] = "60" });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _ronglian.ReleaseHeld();
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    public static IEnumerable<SmsPurpose> SuppressingPurposes() => Enum.GetValues<SmsPurpose>().Where(p => p.NeedsAccount(smsSignUp: true));

    private static async Task<Guid> AskAsync(HttpClient page, string phone, SmsPurpose purpose)
    {
        using var response = await page.PostFormAsync("/login?method=sms", "/sms/code", new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = purpose.Name() });
        return (await HttpExtensions.ReadJsonAsync(response)).GetProperty("deliveryId").GetGuid();
    }

    private static async Task<string> StatusAsync(HttpClient page, Guid id)
    {
        using var response = await page.GetAsync($"/sms/deliveries/{id}");
        var body = await HttpExtensions.ReadJsonAsync(response);
        return body.GetProperty("status").GetString() + (body.GetProperty("message").GetString() is { } message ? ": " + message : "");
    }

    [TestCaseSource(nameof(SuppressingPurposes))]
    public async Task Enumeration_delivery_status_is_the_same_with_and_without_an_account(SmsPurpose purpose)
    {
        var member = (await AdminSession.NewUserWithPhoneAsync(_factory, "status")).Phone;
        var stranger = TestData.Phone();
        using var page = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var seen = new Dictionary<string, List<string>> { [member] = [], [stranger] = [] };

        // The provider answers nothing until released: the member's SMS waits in the provider call.
        var requestsBefore = _ronglian.Requests;
        _ronglian.Hold();
        var ids = new Dictionary<string, Guid> { [member] = await AskAsync(page, member, purpose), [stranger] = await AskAsync(page, stranger, purpose) };
        try
        {
            // The stranger's code was handled (suppressed) by the consumer; the member's is in the provider's hands.
            await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.DeliveryId == ids[stranger]);
            await Eventually.That(() => Task.FromResult(_ronglian.Requests > requestsBefore && _factory.Bus.Published<SendSmsCode>().Any(m => m.DeliveryId == ids[member])));
            await Eventually.That(async () => await StatusAsync(page, ids[member]) != "pending");
            foreach (var phone in seen.Keys)
                seen[phone].Add(await StatusAsync(page, ids[phone]));
            Assert.That(_factory.Bus.Consumed<SendSmsCode>().Any(m => m.DeliveryId == ids[member]), Is.False,
                "the member's status settled while the provider call was still held");
        }
        finally
        {
            _ronglian.ReleaseHeld();
        }
        await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.DeliveryId == ids[member]);
        foreach (var phone in seen.Keys)
            seen[phone].Add(await StatusAsync(page, ids[phone]));

        Assert.Multiple(() =>
        {
            Assert.That(seen[member], Is.EqualTo(seen[stranger]), "the same states, settled at the same point");
            Assert.That(seen[member], Is.EqualTo(new[] { "sent", "sent" }));
            Assert.That(_ronglian.To(stranger), Is.Empty, "still no SMS to a phone without an account");
            Assert.That(_ronglian.To(member), Is.Not.Empty, "the member's SMS was sent");
        });
    }

    [Test]
    public async Task A_register_code_still_shows_its_real_failure_to_the_person_waiting_for_it()
    {
        using var page = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _ronglian.Script(FakeAnswer.Status("160042")); // invalid number
        var id = await AskAsync(page, TestData.Phone(), SmsPurpose.Register);
        await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.DeliveryId == id);
        Assert.That(await StatusAsync(page, id), Does.StartWith("failed: "));
    }
}

using Dashop.Contracts;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Registration;

/// <summary>
/// Spec §5: once the cooldown has passed a phone gets a new code. Embedded only: there the cooldown lives in the
/// in-process store, which follows the FakeTimeProvider; on Redis it expires in real time.
/// </summary>
public sealed class CooldownExpiryTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.OwnHostAsync(Backend.Embedded, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task A_request_after_the_cooldown_sends_a_new_code()
    {
        using var api = _factory.CreateClient();
        var phone = TestData.Phone();
        var (_, first) = await api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(first.Code(), Is.EqualTo(200));

        _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        var (_, again) = await api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(again.Code(), Is.EqualTo(200));
        await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + phone, count: 2);
        Assert.That(_ronglian.To(phone), Has.Count.EqualTo(2));
    }
}

using Dashop.Contracts;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Activation;

/// <summary>
/// Spec §9: five activation links a day, a minute apart. Embedded only: there the limits live in the in-process store,
/// which follows the FakeTimeProvider; on Redis they expire in real time.
/// </summary>
public sealed class ResendLimitTests
{
    private FakeRonglianServer _ronglian = null!;
    private FakeSmtpServer _smtp = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _smtp) = await SharedHosts.OwnHostAsync(Backend.Embedded, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task Resend_is_limited_to_five_a_day()
    {
        var (browser, email, _) = await ActivationFlowTests.RegisterAsync(_factory, _ronglian);
        await _smtp.WaitForAsync(email);

        // Five resends a day are allowed, a minute apart; the sixth is refused.
        for (var i = 0; i < 5; i++)
        {
            Assert.That(await ActivationFlowTests.ResendAsync(browser), Does.Contain("id=\"flash\""), $"resend {i + 1}");
            _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        }
        Assert.That(await ActivationFlowTests.ResendAsync(browser), Does.Contain("id=\"flash-error\""));

        await _factory.Bus.WaitForConsumedAsync<SendActivationEmail>(m => m.To == email, count: 6);
        Assert.That(_factory.Bus.Published<SendActivationEmail>().Count(m => m.To == email), Is.EqualTo(6), "the registration's e-mail and five resends");
        Assert.That(_smtp.To(email), Has.Count.EqualTo(6));
    }
}

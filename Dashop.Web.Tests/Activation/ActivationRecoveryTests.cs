using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Activation;

/// <summary>SMTP down, then up; and a link that has expired. Each needs a host of its own.</summary>
public sealed class ActivationRecoveryTests
{
    [Test]
    public async Task Smtp_down_then_up_delivers_after_retry()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        await using var smtp = await FakeSmtpServer.CreateAsync(start: false);
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, ActivationFlowTests.SmtpSettings(smtp.Port));

        var (_, email, _) = await ActivationFlowTests.RegisterAsync(factory, ronglian);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
            await Eventually.Value(() => db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Channel == DeliveryChannel.Email && d.Attempts >= 1 && d.ErrorCode == "connection"));
        }
        await smtp.StartAsync();

        await smtp.WaitForAsync(email, timeout: TimeSpan.FromSeconds(30));
        // The server has the mail a moment before the consumer records it: wait for the row to leave its pending state.
        await using var check = factory.Services.CreateAsyncScope();
        var rows = check.ServiceProvider.GetRequiredService<DashopDbContext>().Deliveries.AsNoTracking();
        var delivery = await Eventually.Value(() => rows.FirstOrDefaultAsync(d => d.Channel == DeliveryChannel.Email && d.Status != DeliveryStatus.Pending));
        Assert.Multiple(() =>
        {
            Assert.That(delivery.Status, Is.EqualTo(DeliveryStatus.Sent));
            Assert.That(delivery.Attempts, Is.GreaterThan(1));
        });
    }

    [Test]
    public async Task An_expired_link_is_refused()
    {
        var ronglian = await SharedHosts.RonglianAsync();
        await using var smtp = await FakeSmtpServer.CreateAsync();
        var settings = ActivationFlowTests.SmtpSettings(smtp.Port);
        settings["Email:ActivationLinkLifetime"] = "1.00:00:00";
        await using var factory = new DashopFactory(Backend.Embedded, ronglian, settings, fakeTime: true);

        var (browser, email, _) = await ActivationFlowTests.RegisterAsync(factory, ronglian);
        var (secondBrowser, secondEmail, _) = await ActivationFlowTests.RegisterAsync(factory, ronglian);
        var link = ActivationFlowTests.LinkIn(await smtp.WaitForAsync(email));
        var secondLink = ActivationFlowTests.LinkIn(await smtp.WaitForAsync(secondEmail));

        factory.FakeTime!.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        using (var inTime = await ActivationFlowTests.ConfirmAsync(secondBrowser, secondLink))
            Assert.That(await inTime.Content.ReadAsStringAsync(), Does.Contain("data-outcome=\"confirmed\""), "a minute before the end it still works");

        factory.FakeTime.Advance(TimeSpan.FromMinutes(2));
        using var response = await browser.GetAsync(new Uri(link).PathAndQuery);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("data-outcome=\"invalid\""));
    }
}

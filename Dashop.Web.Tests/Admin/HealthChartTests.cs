using System.Text.RegularExpressions;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Admin;

/// <summary>Issue 27 point 6: the health page's charts read China time, end inside the drawing, and a suppressed SMS is not "pending".</summary>
public sealed partial class HealthChartTests
{
    private DashopFactory _factory = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new DashopFactory(Backend.Embedded, ronglian: null, fakeTime: true);
        // Half past an hour (the fake clock only moves forward): the last hourly bar is the one holding it.
        var now = _factory.FakeTime!.GetUtcNow();
        var halfPast = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 30, 0, TimeSpan.Zero);
        _factory.FakeTime.SetUtcNow(halfPast > now ? halfPast : halfPast.AddHours(1));
        _admin = await AdminSession.SignInAsync(_factory, await AdminSession.NewAdminAsync(_factory));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task The_time_axis_reads_China_time_one_bar_an_hour_and_its_last_label_ends_inside_the_drawing()
    {
        var chinaHour = _factory.FakeTime!.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Hour;
        var expected = new[] { -23, -17, -11, -5, 1 }.Select(h => $"{(chinaHour + h + 48) % 24:00}:00").ToArray();
        var html = await _admin.GetStringAsync("/admin/health");
        var chart = Regex.Match(html, "<svg id=\"chart-sms\".*?</svg>", RegexOptions.Singleline).Value;
        var ticks = XTick().Matches(chart).Select(m => (Anchor: m.Groups[1].Value, Label: m.Groups[2].Value)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ticks.Select(t => t.Label), Is.EqualTo(expected), "every 6 hours over the last 24, China time");
            Assert.That(ticks[^1].Anchor, Is.EqualTo("end"), "the last label is not cut off at the edge");
            Assert.That(ticks[..^1].Select(t => t.Anchor), Is.All.EqualTo("middle"));
            Assert.That(chart, Does.Not.Contain("UTC"));
            Assert.That(chart, Does.Contain("font-size=\"16\""), "type large enough to read at 360 px");
        });
    }

    [Test]
    public async Task A_suppressed_SMS_is_listed_as_not_sent_and_never_as_pending()
    {
        var now = _factory.FakeTime!.GetUtcNow().UtcDateTime;
        using (var scope = _factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
            db.Deliveries.Add(new Delivery
            {
                Id = Guid.NewGuid(), Channel = DeliveryChannel.Sms, Provider = "ronglian", MaskedRecipient = "139****0000",
                Purpose = "reset", Status = DeliveryStatus.Suppressed, CreatedAtUtc = now, UpdatedAtUtc = now, CompletedAtUtc = now,
            });
            await db.SaveChangesAsync();
        }

        var latest = HealthPage.Section(await _admin.GetStringAsync("/admin/health"), "latest-deliveries");
        var row = Regex.Match(latest, "<tr[^>]*>(?:(?!</tr>).)*139\\*\\*\\*\\*0000.*?</tr>", RegexOptions.Singleline).Value;
        Assert.That(row, Does.Contain("not sent (no account)").Or.Contain("未发送（无账号）"));
        Assert.That(row, Does.Not.Contain(">pending<").And.Not.Contain(">待发送<"));
    }

    [GeneratedRegex("<g class=\"x-tick\"><text [^>]*text-anchor=\"(\\w+)\"[^>]*>([^<]*)</text>")]
    private static partial Regex XTick();
}

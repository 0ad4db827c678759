using Dashop.Web.Features.Sms;

namespace Dashop.Web.Tests.Sms;

public sealed class RonglianSignatureTests
{
    private const string Sid = "8aaf07087a1b2c3d4e5f60718293a4b5";
    private const string Token = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    [Test]
    public void Signs_with_China_time_on_a_24_hour_clock()
    {
        // 06:30:05 UTC is 14:30:05 in China: a 12-hour clock would write 02.
        var signature = RonglianSignature.Create(Sid, Token, new DateTimeOffset(2026, 11, 25, 6, 30, 5, TimeSpan.Zero));

        Assert.Multiple(() =>
        {
            Assert.That(signature.Timestamp, Is.EqualTo("20261125143005"));
            // Computed independently: upper(md5(sid + token + timestamp)) and base64(sid + ":" + timestamp).
            Assert.That(signature.Sig, Is.EqualTo("E0A5963649EC3161E9530ADC39C2C805"));
            Assert.That(signature.Authorization, Is.EqualTo("OGFhZjA3MDg3YTFiMmMzZDRlNWY2MDcxODI5M2E0YjU6MjAyNjExMjUxNDMwMDU="));
        });
    }

    [Test]
    public void The_China_date_changes_at_16_00_UTC()
    {
        var signature = RonglianSignature.Create(Sid, Token, new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero));
        Assert.That(signature.Timestamp, Is.EqualTo("20270101000000"));
    }
}

using Dashop.Web.Features.Sms;

namespace Dashop.Web.Tests.Sms;

public sealed class SmsCodeTests
{
    [TestCase(4)]
    [TestCase(6)]
    [TestCase(10)]
    public void Codes_have_the_configured_number_of_digits(int length)
    {
        for (var i = 0; i < 1000; i++)
            Assert.That(SmsCodeService.NewCode(length), Does.Match($"^[0-9]{{{length}}}$"));
    }

    [Test]
    public void Every_digit_is_equally_likely_in_every_position()
    {
        const int codes = 20_000;
        var counts = new int[6, 10];
        for (var i = 0; i < codes; i++)
        {
            var code = SmsCodeService.NewCode(6);
            for (var position = 0; position < 6; position++)
                counts[position, code[position] - '0']++;
        }

        // Expected 2,000 each; the standard deviation is about 42, so 300 is more than 7 of them.
        for (var position = 0; position < 6; position++)
            for (var digit = 0; digit < 10; digit++)
                Assert.That(counts[position, digit], Is.InRange(1700, 2300), $"digit {digit} at position {position}");
    }

    [Test]
    public void Codes_do_not_repeat_more_than_chance_allows()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 10_000; i++)
            seen.Add(SmsCodeService.NewCode(10));
        Assert.That(seen, Has.Count.EqualTo(10_000), "10,000 draws of 10 digits collide with probability about 5e-7");
    }
}

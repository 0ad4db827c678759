using Dashop.Web.Infrastructure;
using Dashop.Web.Features.Sms;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Tests.Sms;

public sealed class PhoneNumberParserTests
{
    private readonly PhoneNumberParser _parser = new(Options.Create(new SmsOptions()));

    [TestCase("17723452345", "+8617723452345")]
    [TestCase("177 2345 2345", "+8617723452345")]
    [TestCase("+86 177-2345-2345", "+8617723452345")]
    [TestCase("008617723452345", "+8617723452345")]
    [TestCase("+1 650-253-0000", "+16502530000")]
    public void Reads_numbers_as_E164(string raw, string expected) =>
        Assert.That(_parser.ToE164(raw), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("12345")]
    [TestCase("abcdefghijk")]
    [TestCase("1772345234")]
    [TestCase("27723452345")]
    [TestCase("177234523451772345234517723452345")]
    [TestCase("'; DROP TABLE users; --")]
    public void Refuses_what_is_not_a_valid_number(string? raw) =>
        Assert.That(_parser.ToE164(raw), Is.Null);

    [Test]
    public void Answers_kept_per_seven_digit_block_are_libphonenumbers_for_every_number_of_the_block()
    {
        // Every block of 13x-19x is asked with one number first (which fills the cache), then with others of the same
        // block, each compared with libphonenumber's own answer; a sample of blocks, all of 10-12x and 179.
        var parser = new PhoneNumberParser(Options.Create(new SmsOptions()));
#pragma warning disable CA5394 // a seeded sample of numbers, not a secret
        var random = new Random(28);
        var blocks = Enumerable.Range(0, 3000).Select(_ => random.Next(1_000_000, 2_000_000))
            .Concat(Enumerable.Range(0, 100).Select(i => 1_790_000 + i * 97))
            .Concat(Enumerable.Range(0, 300).Select(i => 1_000_000 + i * 997));
        var mismatches = new List<string>();
        var recipients = 0;
        foreach (var block in blocks)
        {
            for (var i = 0; i < 4; i++)
            {
                var raw = block.ToString(System.Globalization.CultureInfo.InvariantCulture) + random.Next(0, 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
                var cached = parser.ToSmsRecipient(raw);
                if (cached != _parser.ToSmsRecipientUncached(raw))
                    mismatches.Add(raw);
                if (cached is not null)
                    recipients++;
            }
        }
#pragma warning restore CA5394
        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Is.Empty);
            Assert.That(recipients, Is.GreaterThan(1000), "the sample holds many mobile blocks");
        });
    }

    [TestCase("17723452345", "+8617723452345")]
    [TestCase("01012345678", null)]
    [TestCase("1772345234x", null)]
    [TestCase("10012345678", null)]
    public void Sms_recipients_are_the_same_asked_twice(string raw, string? expected)
    {
        var parser = new PhoneNumberParser(Options.Create(new SmsOptions()));
        Assert.Multiple(() =>
        {
            Assert.That(parser.ToSmsRecipient(raw), Is.EqualTo(expected));
            Assert.That(parser.ToSmsRecipient(raw), Is.EqualTo(expected));
        });
    }

    [Test]
    public void Masks_the_middle_digits() =>
        Assert.That(Masking.Phone("+8617723452345"), Is.EqualTo("177****2345"));

    [Test]
    public void Gives_Ronglian_national_numbers_at_home_and_00_prefixed_abroad()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PhoneNumberParser.ForProvider("+8617723452345"), Is.EqualTo("17723452345"));
            Assert.That(PhoneNumberParser.ForProvider("+16502530000"), Is.EqualTo("0016502530000"));
        });
    }
}

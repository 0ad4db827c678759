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
    public void Masks_the_middle_digits() =>
        Assert.That(PhoneNumberParser.Mask("+8617723452345"), Is.EqualTo("177****2345"));

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

using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashop.Web.Tests.Security;

/// <summary>Secrets in messages (codes, links): sealed per purpose, opened by any instance with the same root secret.</summary>
public sealed class MessageProtectionTests
{
    private const string Secret = "message-protection-test-secret-0123456789";
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void StartJustBeforeMidnight() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 23, 59, 0, TimeSpan.Zero));

    private MessageProtection Instance(string secret = Secret, IDataProtectionProvider? keyRing = null) =>
        new(keyRing ?? new EphemeralDataProtectionProvider(), new AppSecrets(Options.Create(new JwtOptions { SigningKey = secret })), _time);

    [Test]
    public void Another_instance_with_the_same_secret_opens_a_sealed_code()
    {
        var sealedCode = Instance().Protect("sms-code", "123456", _time.GetUtcNow().AddMinutes(5));
        Assert.Multiple(() =>
        {
            Assert.That(sealedCode, Does.Not.Contain("123456"));
            Assert.That(Instance().Unprotect("sms-code", sealedCode), Is.EqualTo("123456"));
        });
    }

    [Test]
    public void A_code_sealed_before_midnight_opens_after_it()
    {
        var protection = Instance();
        var sealedCode = protection.Protect("sms-code", "654321", _time.GetUtcNow().AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.That(Instance().Unprotect("sms-code", sealedCode), Is.EqualTo("654321"));
    }

    [Test]
    public void Replaying_a_sealed_code_under_another_purpose_opens_nothing()
    {
        var protection = Instance();
        var sealedCode = protection.Protect("sms-code", "123456", _time.GetUtcNow().AddMinutes(5));
        Assert.That(protection.Unprotect("activation-link", sealedCode), Is.Null);
    }

    [Test]
    public void A_tampered_or_foreign_value_opens_nothing()
    {
        var protection = Instance();
        var sealedCode = protection.Protect("sms-code", "123456", _time.GetUtcNow().AddMinutes(5));
        var flipped = sealedCode[..^2] + (sealedCode[^2] == 'A' ? 'B' : 'A') + sealedCode[^1];
        Assert.Multiple(() =>
        {
            Assert.That(protection.Unprotect("sms-code", flipped), Is.Null);
            Assert.That(protection.Unprotect("sms-code", "g1.not*base64"), Is.Null);
            Assert.That(protection.Unprotect("sms-code", "g1.AAAA"), Is.Null);
            Assert.That(Instance("another-secret-of-another-site-0123456789").Unprotect("sms-code", sealedCode), Is.Null);
        });
    }

    [Test]
    public void Moving_the_expiry_of_a_sealed_code_is_detected()
    {
        var protection = Instance();
        var sealedCode = protection.Protect("sms-code", "123456", _time.GetUtcNow().AddMinutes(5));
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(sealedCode.AsSpan(3));
        bytes[8] ^= 0x7f; // the expiry's low bytes
        Assert.That(protection.Unprotect("sms-code", "g1." + System.Buffers.Text.Base64Url.EncodeToString(bytes)), Is.Null);
    }

    [Test]
    public void An_expired_code_opens_nothing()
    {
        var protection = Instance();
        var sealedCode = protection.Protect("sms-code", "123456", _time.GetUtcNow().AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.That(protection.Unprotect("sms-code", sealedCode), Is.Null);
    }

    [Test]
    public void A_code_queued_by_the_previous_version_with_Data_Protection_still_opens()
    {
        // Data Protection checks the expiry against the real clock: this test runs at the real time.
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var keyRing = new EphemeralDataProtectionProvider();
        var old = keyRing.CreateProtector("Dashop.Messages", "sms-code").ToTimeLimitedDataProtector()
            .Protect("123456", _time.GetUtcNow().AddMinutes(5));
        Assert.Multiple(() =>
        {
            Assert.That(Instance(keyRing: keyRing).Unprotect("sms-code", old), Is.EqualTo("123456"));
            Assert.That(Instance(keyRing: keyRing).Unprotect("activation-link", old), Is.Null);
        });
    }
}

using System.Diagnostics;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Tests.Import;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Tests.Security;

/// <summary>Spec §12: dadashop's MD5 hashes are accepted once, replaced, never written, and cost as much to check as PBKDF2.</summary>
public sealed class LegacyAwarePasswordHasherTests
{
    private static readonly LegacyAwarePasswordHasher Hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = SecurityOptions.DefaultPasswordHashIterations,
    }));

    private static readonly DashopUser User = new();

    private static string Legacy(string password) => LegacyAwarePasswordHasher.ToLegacyHash(DadashopSource.Md5(password))!;

    [Test]
    public void The_right_password_on_a_legacy_hash_succeeds_and_asks_for_a_rehash() =>
        Assert.That(Hasher.VerifyHashedPassword(User, Legacy("secret-1"), "secret-1"), Is.EqualTo(PasswordVerificationResult.SuccessRehashNeeded));

    [Test]
    public void A_wrong_password_on_a_legacy_hash_fails() =>
        Assert.That(Hasher.VerifyHashedPassword(User, Legacy("secret-1"), "secret-2"), Is.EqualTo(PasswordVerificationResult.Failed));

    [Test]
    public void Dadashop_upper_case_hex_is_stored_in_lower_case_and_still_verifies()
    {
        var stored = LegacyAwarePasswordHasher.ToLegacyHash(DadashopSource.Md5("秘密").ToUpperInvariant());
        Assert.That(stored, Is.EqualTo(Legacy("秘密")));
        Assert.That(Hasher.VerifyHashedPassword(User, stored!, "秘密"), Is.EqualTo(PasswordVerificationResult.SuccessRehashNeeded));
    }

    [TestCase("")]
    [TestCase("5f4dcc3b5aa765d61d8327deb882cf9")]
    [TestCase("zz4dcc3b5aa765d61d8327deb882cf99")]
    [TestCase("pbkdf2_sha256$260000$salt$hash")]
    public void A_password_column_that_is_not_an_MD5_hex_is_not_taken(string column) =>
        Assert.That(LegacyAwarePasswordHasher.ToLegacyHash(column), Is.Null);

    [Test]
    public void A_damaged_legacy_hash_never_verifies() =>
        Assert.That(Hasher.VerifyHashedPassword(User, LegacyAwarePasswordHasher.LegacyMd5Prefix + "not-hex", "anything"), Is.EqualTo(PasswordVerificationResult.Failed));

    [Test]
    public void New_hashes_are_PBKDF2_and_never_the_legacy_format()
    {
        var hash = Hasher.HashPassword(User, "secret-1");
        Assert.Multiple(() =>
        {
            Assert.That(LegacyAwarePasswordHasher.IsLegacy(hash), Is.False);
            Assert.That(Convert.FromBase64String(hash)[0], Is.EqualTo(0x01), "Identity v3 format marker");
            Assert.That(Hasher.VerifyHashedPassword(User, hash, "secret-1"), Is.EqualTo(PasswordVerificationResult.Success));
        });
    }

    [Test]
    public void A_legacy_check_takes_about_as_long_as_a_PBKDF2_check()
    {
        var pbkdf2 = Hasher.HashPassword(User, "secret-1");
        var legacy = Legacy("secret-1");
        Hasher.VerifyHashedPassword(User, legacy, "wrong"); // makes the dummy hash once, outside the timing

        var pbkdf2Time = Median(() => Hasher.VerifyHashedPassword(User, pbkdf2, "wrong"));
        var legacyTime = Median(() => Hasher.VerifyHashedPassword(User, legacy, "wrong"));

        // MD5 alone is microseconds against PBKDF2's hundreds of milliseconds; a loose bound survives a busy machine.
        Assert.That(legacyTime, Is.GreaterThan(pbkdf2Time * 0.5), $"legacy {legacyTime:0.0} ms, PBKDF2 {pbkdf2Time:0.0} ms");
    }

    private static double Median(Action check)
    {
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var start = Stopwatch.GetTimestamp();
            check();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return times[2];
    }
}

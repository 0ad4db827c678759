using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Features.ExternalLogin.Alipay;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>Spec §15: Alipay's keys as people paste them (PEM, or the bare base64 of Alipay's key tool), and the RSA2 rules.</summary>
public sealed class AlipayKeysTests
{
    [Test]
    public void Private_keys_are_read_as_PEM_or_bare_base64_PKCS8_and_PKCS1_and_public_keys_as_PEM_or_bare_base64()
    {
        using var rsa = RSA.Create(2048);
        string[] privateForms =
        [
            rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportRSAPrivateKeyPem(),
            Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()), Convert.ToBase64String(rsa.ExportRSAPrivateKey()),
        ];
        string[] publicForms =
        [
            rsa.ExportSubjectPublicKeyInfoPem(), rsa.ExportRSAPublicKeyPem(),
            Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(rsa.ExportRSAPublicKey()),
        ];
        const string content = "app_id=2021004100000042&charset=utf-8&method=alipay.system.oauth.token";
        Assert.Multiple(() =>
        {
            foreach (var privateKey in privateForms)
            {
                Assert.That(AlipayKeys.IsPrivateKey(privateKey), Is.True, privateKey[..30]);
                var sign = AlipaySignature.Sign(content, privateKey);
                foreach (var publicKey in publicForms)
                    Assert.That(AlipaySignature.Verify(Encoding.UTF8.GetBytes(content), sign, publicKey), Is.True);
            }
            Assert.That(AlipayKeys.IsPrivateKey(publicForms[2]), Is.False, "a public key is no private key");
            Assert.That(AlipayKeys.IsPublicKey("not a key"), Is.False);
        });
    }

    [Test]
    public void The_signed_text_is_the_parameters_with_a_value_sorted_by_name_without_sign_and_not_url_encoded()
    {
        var content = AlipaySignature.Content(new Dictionary<string, string?>
        {
            ["timestamp"] = "2026-12-08 08:30:00", ["app_id"] = "2021004100000042", ["sign"] = "xyz", ["empty"] = "", ["auth_token"] = "a+b/c=",
        });
        Assert.That(content, Is.EqualTo("app_id=2021004100000042&auth_token=a+b/c=&timestamp=2026-12-08 08:30:00"));
    }

    [Test]
    public void A_signature_over_other_text_or_not_base64_does_not_verify()
    {
        using var rsa = RSA.Create(2048);
        var sign = AlipaySignature.Sign("a=1", Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()));
        var publicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        Assert.Multiple(() =>
        {
            Assert.That(AlipaySignature.Verify("a=1"u8, sign, publicKey), Is.True);
            Assert.That(AlipaySignature.Verify("a=2"u8, sign, publicKey), Is.False);
            Assert.That(AlipaySignature.Verify("a=1"u8, "%%%", publicKey), Is.False);
            Assert.That(AlipaySignature.Verify("a=1"u8, null, publicKey), Is.False);
        });
    }

    [Test]
    public async Task An_unreadable_private_key_stops_the_start_naming_the_key_and_not_showing_it()
    {
        await using var factory = new DashopFactory(Backend.Embedded, null, new Dictionary<string, string?>
        {
            ["Alipay:AppId"] = "2021004100000042",
            ["Alipay:PrivateKey"] = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ-truncated",
            ["Alipay:PublicKey"] = "also-not-a-key",
        });
        var failure = Assert.Catch(() => factory.CreateClient());
        Assert.Multiple(() =>
        {
            Assert.That(failure!.ToString(), Does.Contain("Alipay:PrivateKey must be").And.Contain("Alipay:PublicKey must be"));
            Assert.That(failure.ToString(), Does.Not.Contain("truncated"));
        });
    }
}

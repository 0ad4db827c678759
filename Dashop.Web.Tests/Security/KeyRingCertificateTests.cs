using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.Security;

/// <summary>Issue 12 §13: with DataProtection:Certificate the key ring is encrypted at rest; a bad setting stops the start.</summary>
public sealed class KeyRingCertificateTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("dashop-cert-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private string WritePfx(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=dashop-data-protection-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(_folder, "dp.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static DashopFactory Factory(string certificate, string password) => new(Backend.Embedded, ronglian: null,
        new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "DevInbox",
            ["DataProtection:Certificate"] = certificate,
            ["DataProtection:CertificatePassword"] = password,
        });

    [Test]
    public async Task A_stolen_copy_of_the_key_ring_holds_no_plain_key_when_a_certificate_is_set()
    {
        await using var factory = Factory(WritePfx("right-password"), "right-password");
        using var client = factory.CreateClient();
        using var page = await client.GetAsync("/register"); // the antiforgery token makes the first key
        page.EnsureSuccessStatusCode();

        var keys = Directory.GetFiles(Path.Combine(factory.DataPath, "keys"), "key-*.xml");
        Assert.That(keys, Is.Not.Empty);
        foreach (var key in keys)
        {
            var xml = await File.ReadAllTextAsync(key);
            Assert.That(xml, Does.Contain("<encryptedSecret").And.Contain("EncryptedXmlDecryptor"), key);
            Assert.That(xml, Does.Not.Contain("<masterKey"), key);
        }
    }

    [Test]
    public async Task A_missing_certificate_file_stops_the_start_naming_the_key()
    {
        var missing = Path.Combine(_folder, "nowhere.pfx");
        await using var factory = Factory(missing, "whatever");
        var error = Assert.Catch(() => factory.CreateClient())!;
        Assert.That(Messages(error), Does.Contain("DataProtection:Certificate").And.Contain(missing));
    }

    [Test]
    public async Task A_wrong_certificate_password_stops_the_start_naming_the_key()
    {
        await using var factory = Factory(WritePfx("right-password"), "wrong-password");
        var error = Assert.Catch(() => factory.CreateClient())!;
        Assert.That(Messages(error), Does.Contain("DataProtection:CertificatePassword"));
    }

    private static string Messages(Exception error)
    {
        var all = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
            all.Add(e.Message);
        return string.Join(" | ", all);
    }
}

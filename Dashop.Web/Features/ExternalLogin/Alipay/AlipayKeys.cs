using System.Security.Cryptography;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>
/// Reads the keys as people paste them: PEM (<c>-----BEGIN ... KEY-----</c>), or the bare base64 Alipay's key tool prints
/// (PKCS#8 for the Java flavour, PKCS#1 for the others; the public key as X.509 SubjectPublicKeyInfo).
/// </summary>
public static class AlipayKeys
{
    public static RSA ImportPrivate(string key) => Import(key, (rsa, der) =>
    {
        try
        {
            rsa.ImportPkcs8PrivateKey(der, out _);
        }
        catch (CryptographicException)
        {
            rsa.ImportRSAPrivateKey(der, out _);
        }
    });

    public static RSA ImportPublic(string key) => Import(key, (rsa, der) =>
    {
        try
        {
            rsa.ImportSubjectPublicKeyInfo(der, out _);
        }
        catch (CryptographicException)
        {
            rsa.ImportRSAPublicKey(der, out _);
        }
    });

    public static bool IsPrivateKey(string? key) => Works(key, ImportPrivate, requirePrivate: true);

    public static bool IsPublicKey(string? key) => Works(key, ImportPublic, requirePrivate: false);

    /// <summary>Bare base64 of a DER key, as Alipay's tools print it (no header, one line).</summary>
    public static string Bare(byte[] der) => Convert.ToBase64String(der);

    private static RSA Import(string key, Action<RSA, byte[]> importDer)
    {
        var rsa = RSA.Create();
        try
        {
            var text = key.Trim();
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
                rsa.ImportFromPem(text);
            else
                importDer(rsa, Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c)))));
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static bool Works(string? key, Func<string, RSA> import, bool requirePrivate)
    {
        if (string.IsNullOrWhiteSpace(key))
            return false;
        try
        {
            using var rsa = import(key);
            if (requirePrivate)
                rsa.ExportParameters(includePrivateParameters: true);
            return rsa.KeySize >= 1024;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }
}

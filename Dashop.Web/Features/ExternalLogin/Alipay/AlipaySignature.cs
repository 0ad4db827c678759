using System.Security.Cryptography;
using System.Text;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>
/// Alipay's RSA2 (SHA256withRSA, PKCS#1 v1.5) signatures: a request signs its parameters sorted by name and joined as
/// <c>k=v&amp;...</c> (empty values and <c>sign</c> itself left out, values not URL-encoded); an answer's <c>sign</c> covers the
/// exact text of its <c>*_response</c> object as it appears in the body.
/// </summary>
public static class AlipaySignature
{
    public static string Content(IEnumerable<KeyValuePair<string, string?>> parameters) =>
        string.Join('&', parameters
            .Where(p => p.Key != "sign" && !string.IsNullOrEmpty(p.Value))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    public static string Sign(string content, string privateKey)
    {
        using var rsa = AlipayKeys.ImportPrivate(privateKey);
        return Convert.ToBase64String(rsa.SignData(Encoding.UTF8.GetBytes(content), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    public static bool Verify(ReadOnlySpan<byte> content, string? sign, string publicKey)
    {
        if (string.IsNullOrEmpty(sign) || sign.Length > 2048)
            return false;
        var signature = new byte[sign.Length];
        if (!Convert.TryFromBase64String(sign, signature, out var length))
            return false;
        using var rsa = AlipayKeys.ImportPublic(publicKey);
        return rsa.VerifyData(content, signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}

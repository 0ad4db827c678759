using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>Loads and checks the certificate of <see cref="KeyRingCertificateOptions"/>.</summary>
public static class KeyRingCertificate
{
    private const string CertificateKey = $"{KeyRingCertificateOptions.SectionName}:{nameof(KeyRingCertificateOptions.Certificate)}";
    private const string PasswordKey = $"{KeyRingCertificateOptions.SectionName}:{nameof(KeyRingCertificateOptions.CertificatePassword)}";

    /// <summary>
    /// The configured certificate, or null when none is configured. Throws, naming the key, when the file is missing,
    /// the password does not open it, or it has no private key (it could encrypt keys that nobody can read back).
    /// Loaded while the host is built because data protection takes the certificate itself, not a factory.
    /// </summary>
    public static X509Certificate2? Load(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(KeyRingCertificateOptions.SectionName).Get<KeyRingCertificateOptions>();
        var path = options?.Certificate;
        if (string.IsNullOrWhiteSpace(path))
            return null;
        var full = Path.GetFullPath(Path.Combine(contentRoot, path));
        if (!File.Exists(full))
            throw new InvalidOperationException($"{CertificateKey}: there is no file '{full}'.");

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(full, options!.CertificatePassword);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"{PasswordKey}: the password does not open {CertificateKey} '{full}', or the file is not a PKCS#12 (.pfx) certificate ({ex.Message}).", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{CertificateKey}: '{full}' has no private key, so the keys it encrypts could not be read back.");
        }
        return certificate;
    }
}

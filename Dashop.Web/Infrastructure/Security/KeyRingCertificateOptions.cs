namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// <c>DataProtection:Certificate</c> (a .pfx path) and <c>DataProtection:CertificatePassword</c> (from the environment):
/// when set, the data-protection key ring is encrypted at rest with the certificate, so a copy of Redis or of the keys
/// folder does not let anyone forge cookies, tokens or activation links.
/// </summary>
public sealed class KeyRingCertificateOptions
{
    public const string SectionName = "DataProtection";

    public string? Certificate { get; set; }

    public string? CertificatePassword { get; set; }
}

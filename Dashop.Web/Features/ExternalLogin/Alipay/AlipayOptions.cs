using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>
/// The Alipay open-platform app (支付宝开放平台, spec §15). With no <c>Alipay:AppId</c>, Development uses the built-in simulator
/// (<see cref="AlipaySimulator"/>) and other environments have no Alipay login. Keys are PEM or Alipay's bare base64
/// (PKCS#8 or PKCS#1 private key; X.509 SubjectPublicKeyInfo or PKCS#1 public key).
/// </summary>
public sealed class AlipayOptions : IValidatableObject
{
    public const string SectionName = "Alipay";

    public string AppId { get; set; } = "";

    /// <summary>The app's RSA private key (应用私钥), which signs every gateway request (RSA2).</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>Alipay's RSA public key (支付宝公钥), which verifies every gateway answer.</summary>
    public string PublicKey { get; set; } = "";

    [Required, Url(ErrorMessage = "Alipay:AuthorizationEndpoint must be an absolute URL.")]
    public string AuthorizationEndpoint { get; set; } = "https://openauth.alipay.com/oauth2/publicAppAuthorize.htm";

    [Required, Url(ErrorMessage = "Alipay:GatewayEndpoint must be an absolute URL.")]
    public string GatewayEndpoint { get; set; } = "https://openapi.alipay.com/gateway.do";

    [Range(1, 60, ErrorMessage = "Alipay:TimeoutSeconds must be between 1 and 60.")]
    public int TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(AppId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
            yield break;
        if (!AlipayKeys.IsPrivateKey(PrivateKey))
            yield return new ValidationResult("Alipay:PrivateKey must be the app's RSA private key (PEM, or Alipay's base64 PKCS#8 or PKCS#1) when Alipay:AppId is set.", [nameof(PrivateKey)]);
        if (!AlipayKeys.IsPublicKey(PublicKey))
            yield return new ValidationResult("Alipay:PublicKey must be Alipay's RSA public key (PEM, or base64) when Alipay:AppId is set.", [nameof(PublicKey)]);
    }
}

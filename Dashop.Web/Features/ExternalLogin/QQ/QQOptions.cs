using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>
/// The QQ Connect (QQ互联) website app (spec §15). With no <c>QQ:ClientId</c>, Development uses the built-in simulator
/// (<see cref="QQSimulator"/>) and other environments have no QQ login.
/// </summary>
public sealed class QQOptions : IValidatableObject
{
    public const string SectionName = "QQ";

    /// <summary>The app's APP ID (QQ also calls it <c>oauth_consumer_key</c>).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The app's APP Key.</summary>
    public string ClientSecret { get; set; } = "";

    [Required, Url(ErrorMessage = "QQ:AuthorizationEndpoint must be an absolute URL.")]
    public string AuthorizationEndpoint { get; set; } = "https://graph.qq.com/oauth2.0/authorize";

    [Required, Url(ErrorMessage = "QQ:TokenEndpoint must be an absolute URL.")]
    public string TokenEndpoint { get; set; } = "https://graph.qq.com/oauth2.0/token";

    /// <summary><c>/oauth2.0/me</c>: the openid (and unionid) of an access token.</summary>
    [Required, Url(ErrorMessage = "QQ:UserIdentificationEndpoint must be an absolute URL.")]
    public string UserIdentificationEndpoint { get; set; } = "https://graph.qq.com/oauth2.0/me";

    [Required, Url(ErrorMessage = "QQ:UserInformationEndpoint must be an absolute URL.")]
    public string UserInformationEndpoint { get; set; } = "https://graph.qq.com/user/get_user_info";

    [Range(1, 60, ErrorMessage = "QQ:TimeoutSeconds must be between 1 and 60.")]
    public int TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(ClientSecret))
            yield return new ValidationResult("QQ:ClientSecret is required when QQ:ClientId is set.", [nameof(ClientSecret)]);
    }
}

using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.ExternalLogin.WeChat;

/// <summary>
/// WeChat sign-in (spec §15): the website app of the Open Platform (QR login) and, optionally, the Official Account for
/// WeChat's own browser. With no <c>WeChat:AppId</c>, Development uses the built-in simulator (<see cref="WeChatSimulator"/>)
/// and other environments have no WeChat sign-in (no button, its routes 404).
/// </summary>
public sealed class WeChatOptions : IValidatableObject
{
    public const string SectionName = "WeChat";

    public string AppId { get; set; } = "";
    public string AppSecret { get; set; } = "";

    public WeChatOfficialAccountOptions OfficialAccount { get; set; } = new();

    [Required, Url(ErrorMessage = "WeChat:AuthorizationEndpoint must be an absolute URL.")]
    public string AuthorizationEndpoint { get; set; } = "https://open.weixin.qq.com/connect/qrconnect";

    [Required, Url(ErrorMessage = "WeChat:InAppAuthorizationEndpoint must be an absolute URL.")]
    public string InAppAuthorizationEndpoint { get; set; } = "https://open.weixin.qq.com/connect/oauth2/authorize";

    [Required, Url(ErrorMessage = "WeChat:TokenEndpoint must be an absolute URL.")]
    public string TokenEndpoint { get; set; } = "https://api.weixin.qq.com/sns/oauth2/access_token";

    [Required, Url(ErrorMessage = "WeChat:UserInformationEndpoint must be an absolute URL.")]
    public string UserInformationEndpoint { get; set; } = "https://api.weixin.qq.com/sns/userinfo";

    public bool Enabled => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>Inside WeChat's browser, the Official Account's authorization replaces the QR page.</summary>
    public bool InAppEnabled => !string.IsNullOrWhiteSpace(OfficialAccount.AppId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(AppSecret))
            yield return new ValidationResult("WeChat:AppSecret is required when WeChat:AppId is set.", [nameof(AppSecret)]);
        if (InAppEnabled && string.IsNullOrWhiteSpace(OfficialAccount.AppSecret))
            yield return new ValidationResult("WeChat:OfficialAccount:AppSecret is required when WeChat:OfficialAccount:AppId is set.", [nameof(OfficialAccount)]);
        if (InAppEnabled && !Enabled)
            yield return new ValidationResult("WeChat:OfficialAccount needs WeChat:AppId (the website app) as well.", [nameof(AppId)]);
    }
}
